/**
 * The local stand-in grader's model answers: for every question of its bank, a short description
 * of what a strong answer covers, plus one per category for questions that are not in the bank.
 * Each is plain prose of at most 400 characters, with no question mark and no double quote.
 */
import type { Category } from '../../../layers/shared/src/domain';
import { QUESTION_BANK } from './questionBank';

/** What a strong answer to each bank question covers, keyed by the question's exact text. */
export const MODEL_ANSWERS: Readonly<Record<string, string>> = {
  // Behavioral, Easy
  'Tell me about a time you had to learn something new quickly to finish a task.':
    'A strong answer follows STAR: the task and its deadline, what had to be learned, the concrete learning plan the candidate personally made (docs, a small prototype, asking an expert), and a measurable result such as shipping on time, plus what they would reuse next time.',
  'Describe a situation where you helped a teammate who was stuck.':
    'A strong answer follows STAR: why the teammate was stuck and what was at stake, how the candidate noticed and offered help without taking over (pairing, unblocking questions, sharing a tool), and a measurable outcome such as the task finishing on time and the teammate working alone afterwards.',
  'Tell me about a mistake you made at work or school and what you did about it.':
    'A strong answer owns a real mistake without blaming others, explains its impact, describes the immediate fix the candidate personally drove and how they told the people affected, and ends with a measurable result and a lasting change such as a checklist, a test or a review step that prevented a repeat.',
  // Behavioral, Medium
  'Tell me about a time you disagreed with a teammate on a technical decision and how it was resolved.':
    'A strong answer follows STAR: the decision and both positions stated fairly, how the candidate sought data or a quick prototype instead of arguing, listened and agreed on criteria, the final decision (even if not theirs) and a measurable result, showing respect for the teammate and commitment once decided.',
  'Describe a project where the requirements changed late; what did you personally do?':
    'A strong answer follows STAR with clear personal ownership: clarifying the new requirement and why it changed, assessing impact on scope and schedule, proposing trade-offs to stakeholders, replanning the work, and a measurable result such as the release date kept or moved by a known amount, plus a lesson learned.',
  'Tell me about a time you missed a deadline and how you handled it with your stakeholders.':
    'A strong answer admits the miss and its cause honestly, shows that the candidate warned stakeholders as early as possible with a new realistic date and options, describes the recovery plan they drove, quantifies the delay and impact, and names the process change that prevented later misses.',
  // Behavioral, Hard
  'Tell me about a time you led a team through a failing project without formal authority.':
    'A strong answer follows STAR: the signs the project was failing, how the candidate diagnosed causes, built trust and aligned people through influence (a shared plan, clear owners, regular check-ins), handled pushback, and a measurable turnaround such as the launch date met or scope cut with a defined cost.',
  'Describe the hardest trade-off you made between delivery speed and quality, and its measurable result.':
    'A strong answer states the concrete trade-off and constraints, the options weighed with their risks, how the candidate decided and who they consulted, the safeguards added (tests, flags, follow-up tickets), and measurable results such as time saved and defect or incident numbers afterwards, with honest reflection.',
  'Tell me about a time you had to change a senior leader’s mind with data.':
    'A strong answer follows STAR: the leader’s position and why it mattered, the data the candidate personally gathered and checked, how they framed it around the leader’s goals and addressed objections, the decision that changed, and a measurable result such as cost saved or a metric improved.',
  // DSA, Easy
  'Given an array of integers and a target, how would you find two numbers that add up to the target?':
    'A strong answer uses a hash map from value to index, one pass: for each x check whether target - x was seen; O(n) time and O(n) space, versus O(n^2) brute force; it handles duplicates and no-solution input.',
  'How would you check whether a string is a palindrome, ignoring spaces and letter case?':
    'A strong answer uses two pointers from both ends, skipping spaces (or all non-alphanumeric characters) and comparing lower-cased characters until the pointers meet; O(n) time and O(1) extra space, and it handles the empty string, a single character and strings of only spaces.',
  'How would you find the largest element in an unsorted array, and what is the time complexity?':
    'A strong answer does one linear scan keeping the maximum seen so far, starting from the first element rather than 0 so all-negative arrays work; O(n) time and O(1) space, which is optimal since every element must be inspected, and it defines behaviour for an empty array.',
  // DSA, Medium
  'How would you find the length of the longest substring without repeating characters?':
    'A strong answer uses a sliding window with a map from character to last index: move the right end, jump the left end past a repeat, track the maximum width; O(n) time and O(min(n, alphabet)) space, handling the empty string and all-equal characters.',
  'Given a list of meeting intervals, how would you merge all overlapping intervals?':
    'A strong answer sorts the intervals by start time, then scans once, extending the last merged interval when the next start is at most its end and otherwise appending; O(n log n) time for the sort and O(n) space for the output, handling touching intervals, nested intervals and empty input.',
  'How would you detect a cycle in a linked list using constant extra space?':
    'A strong answer uses Floyd tortoise and hare: a slow pointer moves one step and a fast pointer two, and they meet if and only if there is a cycle; O(n) time and O(1) space, checking fast and fast.next for null, and optionally finds the cycle start by resetting one pointer to the head.',
  // DSA, Hard
  'How would you find the median of two sorted arrays in logarithmic time?':
    'A strong answer binary searches a partition of the shorter array so left halves hold half the elements and every left element is at most every right one, using infinities at edges; O(log min(m, n)) time, O(1) space, handling an empty array and odd or even total length.',
  'Design an LRU cache with O(1) get and put: which data structures would you combine?':
    'A strong answer combines a hash map from key to node with a doubly linked list ordered by recency: get moves the node to the front, put inserts or updates at the front and evicts the tail when over capacity; O(1) per operation and O(capacity) space, using sentinel nodes and handling capacity 1.',
  'Given a stream of integers, how would you report the median after every new element?':
    'A strong answer keeps two heaps, a max-heap for the lower half and a min-heap for the upper half, rebalanced so sizes differ by at most one; the median is the top of the larger heap or the mean of both tops; O(log n) per insert, O(1) per query, O(n) space.',
  // System Design, Easy
  'How would you design a URL shortener for a small company intranet?':
    'A strong answer clarifies scale (a few thousand links, low traffic), uses one web service and a relational table of code, URL, owner and created date, generates short codes by base62 of an ID or random with a uniqueness check, redirects with 301 or 302, adds authentication and notes a cache is optional at this size.',
  'How would you design a simple to-do list web application with user accounts?':
    'A strong answer defines the features (sign-up, login, CRUD on tasks), a REST API behind a stateless web server, a relational database with users and tasks tables keyed by user id and indexed, hashed passwords and session or token auth, authorization checks per task, and how it would scale later.',
  'How would you add caching to a slow read-heavy web page?':
    'A strong answer first measures where time goes, then adds layers: a CDN or HTTP cache headers for static and public content, an in-memory cache such as Redis with cache-aside and a TTL for query results, a plan for invalidation on writes, and trade-offs of staleness, stampedes and hit rate.',
  // System Design, Medium
  'How would you design a news feed for a social app with ten million daily users?':
    'A strong answer estimates load (10M users refreshing about 20 times a day, roughly 2,300 feed reads per second on average and 10k at peak), compares fan-out on write to follower timelines in a cache with fan-out on read for celebrities, uses a hybrid, stores posts in a sharded database, paginates with cursors, and discusses ranking and freshness.',
  'How would you design a rate limiter shared by several API servers?':
    'A strong answer picks an algorithm (token bucket or sliding window counter), keeps counters in a shared store such as Redis with atomic increments or Lua scripts keyed by user and window, returns 429 with Retry-After, and weighs the latency of a central store versus local limits, plus failing open or closed.',
  'How would you design a notification service that sends email, SMS and push messages?':
    'A strong answer puts a queue between producers and per-channel workers calling providers, stores templates and user preferences, retries with backoff and a dead-letter queue, makes sends idempotent with a message id, rate-limits per user and provider, and tracks delivery status and opt-outs.',
  // System Design, Hard
  'How would you design a globally distributed key-value store with tunable consistency?':
    'A strong answer partitions keys with consistent hashing and virtual nodes, replicates each key to N nodes across regions, uses quorum reads and writes where R + W > N gives strong consistency, resolves conflicts with vector clocks or last-write-wins, and covers hinted handoff, anti-entropy repair and latency trade-offs.',
  'How would you design a real-time collaborative document editor for millions of users?':
    'A strong answer keeps clients on WebSockets to a session server per document, merges concurrent edits with operational transformation or CRDTs, persists an operation log with periodic snapshots, broadcasts presence and cursors, supports offline edits, and shards documents across servers to reach millions of users.',
  'How would you design a payment system that never charges a customer twice?':
    'A strong answer uses an idempotency key per payment, stored with a unique constraint before calling the processor, a state machine (created, pending, succeeded, failed) in a transactional database, safe retries that reuse the key, a double-entry ledger, and reconciliation against processor reports.',
  // HR, Easy
  'Why are you interested in this role?':
    'A strong answer links specific facts about the company, product and team to the candidate’s concrete skills and experience, explains what they want to learn and contribute in this role, and stays honest and consistent with their career story rather than generic praise or only pay and perks.',
  'How would your friends or colleagues describe the way you work?':
    'A strong answer gives two or three concrete traits, each backed by a short real example or feedback the candidate actually received, includes one honest area to improve with what they are doing about it, and stays consistent with what their references and the rest of the interview would show.',
  'What kind of feedback helps you most, and how do you like to receive it?':
    'A strong answer names a concrete preference, such as specific, timely feedback with examples, shows openness to critical feedback, describes a real time feedback changed their work with the result, and explains how they ask for feedback proactively rather than waiting for reviews.',
  // HR, Medium
  'Tell me about a conflict with a manager and how you handled it.':
    'A strong answer describes a real disagreement calmly and fairly, shows the candidate raised it privately and early, sought to understand the manager’s goals and constraints, proposed a solution or accepted the decision with commitment, and ends with the outcome and what they learned about working relationships.',
  'What are you looking for in your next role that your current one does not offer?':
    'A strong answer names concrete, positive goals such as scope, skills or domain, ties them to what this role actually offers, avoids criticising the current employer, and shows self-awareness about why the gap matters now and how it fits a consistent career direction.',
  'How do you keep yourself motivated during repetitive or stressful periods?':
    'A strong answer gives concrete habits such as breaking work into small goals, tracking progress, automating repetitive tasks and protecting rest, links the work to its purpose and users, illustrates with a real example and its outcome, and shows awareness of signs of burnout and when to ask for help.',
  // HR, Hard
  'Why are you leaving your current position, and what would make you stay?':
    'A strong answer gives an honest, forward-looking reason focused on growth or fit rather than complaints, is consistent with the rest of the story, states clearly what would make them stay, and shows they have already tried to address it internally, without sounding like a counter-offer tactic.',
  'What are your salary expectations, and how did you arrive at them?':
    'A strong answer gives a researched range based on market data for the role, level and location (salary surveys, peers, offers), explains the reasoning and how it reflects their experience, mentions that total compensation and the role matter, and stays professional and flexible without underselling.',
  'Tell me about a time your values conflicted with a company decision; what did you do?':
    'A strong answer describes a real situation and the specific value at stake, shows the candidate raised concerns respectfully through the right channels with facts, considered the company perspective, took a clear stance or escalated when needed, and reflects on the outcome and what they would repeat.',
  // Product, Easy
  'Pick a product you use every day: who is its main user, and what problem does it solve for them?':
    'A strong answer picks a specific product, defines its main user segment and their job to be done, explains the pain it removes compared with the alternatives, names the key features that deliver that value and a metric showing it works, and suggests one thoughtful improvement.',
  'How would you measure whether a new search feature in a shopping app is successful?':
    'A strong answer states the goal (shoppers find and buy items faster), picks a primary metric such as search-to-purchase conversion, adds supporting metrics (zero-result rate, click-through, time to first click), guardrails like revenue per user and latency, and proposes an A/B test with a clear success threshold.',
  'If you could add one feature to a calendar app, what would it be and why?':
    'A strong answer names a target user and a specific pain point, proposes one focused feature that solves it, explains why it beats alternatives and fits the product, sketches a minimal first version, and defines a success metric with a guardrail such as notification opt-out rate.',
  // Product, Medium
  'Daily active users of a music app dropped 10% last week: how would you investigate?':
    'A strong answer first checks data and tracking changes, then segments the drop by platform, app version, region and user cohort, checks internal causes (releases, outages, experiments) and external ones (seasonality, competitors, app store issues), forms hypotheses, validates them and proposes fixes.',
  'How would you prioritise a backlog with a customer request, a tech-debt item and a growth experiment?':
    'A strong answer ties each item to company goals, estimates impact, effort, risk and urgency with a framework such as RICE, considers who the customer is and how much the tech debt slows the team, makes an explicit ranked decision with reasoning, and explains how to communicate it to stakeholders.',
  'What north-star metric would you choose for a food delivery app, and which guardrail metrics go with it?':
    'A strong answer picks a north-star metric reflecting delivered value, such as weekly successful orders per active customer, explains why, and pairs it with guardrails: delivery time, order accuracy, cancellation rate, courier earnings and restaurant margins, plus contribution margin per order.',
  // Product, Hard
  'How would you decide whether a ride-sharing company should launch a subscription plan?':
    'A strong answer defines the goal (retention and frequency), identifies target riders, models unit economics and cannibalisation of existing revenue, considers driver supply effects and competitors, proposes a market test with success metrics and guardrails, and gives a clear go or no-go criterion.',
  'Design a product strategy for entering a market where a competitor holds 80% share: where do you start?':
    'A strong answer starts with user research to find an underserved segment or unmet need, defines a differentiated value proposition rather than copying the leader, estimates market size, plans a focused beachhead and go-to-market, picks success metrics, and anticipates how the incumbent will respond.',
  'Your team can build only one of two features this quarter: how do you decide, and what would you not build?':
    'A strong answer compares both features on user impact, strategic fit, effort, risk and reversibility with evidence from data and users, makes a clear decision, explains what is explicitly not built and why, and says how to communicate the trade-off and which metric would reopen the decision.',
};

/** For questions that are not in the bank (real transcripts, eval set): what a strong answer of the category covers. */
export const CATEGORY_MODEL_ANSWERS: Readonly<Record<Category, string>> = {
  Behavioral:
    'A strong answer follows STAR: a specific situation and task, the actions the candidate personally took and why, and a measurable result, with honest reflection on what they learned and would do differently, rather than a general description of what the team usually does.',
  DSA:
    'A strong answer clarifies the input and constraints, states a brute-force baseline, then names the optimal algorithm and data structure, walks through an example, gives the exact time and space complexity, and covers edge cases such as empty input, duplicates, negatives and overflow.',
  'System Design':
    'A strong answer clarifies functional and non-functional requirements, estimates rough numbers (users, requests per second, storage), sketches the main components and APIs, defines the data model, and discusses scaling, caching, failure handling and the trade-offs of each choice.',
  HR:
    'A strong answer is honest, specific and consistent: concrete points backed by real examples, self-awareness about strengths and areas to improve, a clear link between the candidate’s goals and this role, and a professional, positive tone without criticising past employers.',
  Product:
    'A strong answer identifies the target user and their problem, states the goal, proposes focused solutions, prioritises them by impact and effort, and defines a primary success metric with guardrail metrics and a plan to validate it, such as an experiment.',
};

/** The model answer for a question: the bank's entry for that exact text, else the category's. */
export function modelAnswerFor(category: Category, question: string): string {
  const exact = MODEL_ANSWERS[question];
  if (exact !== undefined) return exact;
  // The stand-in interviewer asks bank questions inside longer turns (a welcome, a "Thanks.").
  for (const byDifficulty of Object.values(QUESTION_BANK)) {
    for (const questions of Object.values(byDifficulty)) {
      for (const bankQuestion of questions) {
        const answer = MODEL_ANSWERS[bankQuestion];
        if (answer !== undefined && question.includes(bankQuestion)) return answer;
      }
    }
  }
  return CATEGORY_MODEL_ANSWERS[category];
}
