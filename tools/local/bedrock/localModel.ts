/**
 * A deterministic stand-in for Claude, for local mode and tests — clearly not a real model.
 *
 * Interviewer: learns category, difficulty and language from the server-built system prompt and
 * the session's practice brief (focus, job description) from the opening user turn; opens with
 * a greeting in that language (saying it is a stand-in; its bank is English) and the bank
 * question closest to the focus and role, follows up on each answer by quoting it, then moves
 * to the next question; exactly one question per turn.
 * Grader: also returns roleFit when the user turn carries a job description.
 * Grader (recognised by the structured-output schema or tool in the request): rates the
 * transcript from answer length, structure, hedging and category keywords, quotes the
 * candidate verbatim, and answers in the form the request asked for (JSON text or tool use).
 */
import { CATEGORIES, DIFFICULTIES, LANGUAGES, type Category, type Difficulty, type Language } from '../../../layers/shared/src/domain';
import { ANSWER_SCHEMA_NAME, ANSWER_TOOL_NAME } from '../../../layers/shared/src/model/answerSchema';
import { LIMITS, type GraderOutput } from '../../../layers/shared/src/model/feedbackSchema';
import { QUESTION_BANK } from './questionBank';
import { cap, gradeAnswer, gradeTranscript, roleFitOf, words, type TranscriptTurn } from './standInGrader';

export { gradeAnswer, gradeTranscript } from './standInGrader';
import type { ConverseCall, Responder, ResponderResult } from './server';

/** Model id to configure for local mode; capabilities treat `local.*` like a current Claude. */
export const LOCAL_MODEL_ID = 'local.intelliview-stand-in';

interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

function blocksText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((block) => (typeof block?.text === 'string' ? block.text : '')).join('');
}

function systemText(body: any): string {
  return blocksText(body?.system);
}

function turnsOf(body: any): Turn[] {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.map((message) => ({ role: message.role === 'assistant' ? 'assistant' : 'user', text: blocksText(message.content) }));
}

function headerValue<T extends string>(system: string, label: string, allowed: readonly T[], fallback: T): T {
  const match = new RegExp(`^Interview ${label}: (.+)$`, 'm').exec(system);
  const value = match?.[1]?.trim();
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** Server-authored turns look like "(…)"; they are not the candidate's words. */
const isServerTurn = (text: string) => /^\(.*\)$/s.test(text.trim());


/** Up to `count` words of the answer, without question marks (the turn must ask exactly one). */
function snippet(answer: string, count: number): string {
  const picked = words(answer.replace(/[?"“”]/g, ''));
  const text = picked.slice(0, count).join(' ');
  return picked.length > count ? `${text}…` : text;
}

// ---------------------------------------------------------------- interviewer

/** The probe a real interviewer of each category would follow a developed answer with. */
const FOLLOW_UP: Record<Category, string> = {
  Behavioral: 'What was the measurable result, and what would you do differently next time?',
  DSA: 'What are the time and space complexity of that, and which edge case would break it?',
  'System Design': 'Where is the bottleneck in that design, and what changes at ten times the load?',
  HR: 'What does that tell me about what you need from your next team and manager?',
  Product: 'Which metric would tell you it worked, and what would you cut to ship it sooner?',
};

/** The stand-in's greeting per language; the question bank itself is English. */
const OPENERS: Record<Language, string> = {
  en: 'Welcome to your {difficulty} {category} practice interview (local stand-in interviewer, not Claude).',
  es: 'Bienvenido/a a tu entrevista de práctica {category} ({difficulty}) con el entrevistador local de prueba (no es Claude); sus preguntas están en inglés.',
  fr: "Bienvenue dans votre entretien d'entraînement {category} ({difficulty}) avec l'intervieweur local de substitution (pas Claude) ; ses questions sont en anglais.",
  de: 'Willkommen zu Ihrem Übungsinterview {category} ({difficulty}) mit dem lokalen Platzhalter-Interviewer (nicht Claude); seine Fragen sind auf Englisch.',
  pt: 'Bem-vindo(a) à sua entrevista de prática {category} ({difficulty}) com o entrevistador local substituto (não é o Claude); as perguntas estão em inglês.',
  it: 'Benvenuto/a al tuo colloquio di prova {category} ({difficulty}) con l’intervistatore locale sostitutivo (non Claude); le domande sono in inglese.',
  hi: 'आपके {category} ({difficulty}) अभ्यास साक्षात्कार में स्वागत है — स्थानीय स्टैंड-इन साक्षात्कारकर्ता (Claude नहीं); प्रश्न अंग्रेज़ी में हैं।',
  ja: '{category}（{difficulty}）の模擬面接へようこそ。ローカルの代役面接官です（Claude ではありません）。質問は英語です。',
  zh: '欢迎参加 {category}（{difficulty}）模拟面试。这是本地替身面试官（不是 Claude），问题为英文。',
};

interface Brief {
  focus: string[];
  jobDescription?: string;
}

/** The practice brief of the opening user turn (JSON between <practice_brief> tags), if any. */
function briefOf(turns: Turn[]): Brief {
  // The tags on lines of their own: the sentence before the block names them too.
  const json = /^<practice_brief>\n([\s\S]*?)\n<\/practice_brief>$/m.exec(turns[0]?.text ?? '')?.[1];
  try {
    const parsed = json ? JSON.parse(json) : {};
    const focus = Array.isArray(parsed?.focus) ? parsed.focus.filter((entry: unknown): entry is string => typeof entry === 'string') : [];
    return { focus, ...(typeof parsed?.jobDescription === 'string' ? { jobDescription: parsed.jobDescription } : {}) };
  } catch {
    return { focus: [] };
  }
}

/** The role of a job description: its first non-empty line, shortened, without question marks. */
function roleOf(jobDescription: string | undefined): string | undefined {
  const line = jobDescription?.split('\n').find((candidate) => candidate.trim())?.trim().replace(/[?"“”]/g, '');
  if (!line) return undefined;
  return line.length <= 60 ? line : `${line.slice(0, 59).trimEnd()}…`;
}

const contentWords = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);

/** The bank with the questions that share the most words with the focus and the job description first (stable). */
function rankedBank(bank: readonly string[], brief: Brief): string[] {
  const wanted = contentWords([...brief.focus, brief.jobDescription ?? ''].join(' '));
  if (wanted.size === 0) return [...bank];
  const score = (question: string) => [...contentWords(question)].filter((word) => wanted.has(word)).length;
  return bank.map((question, index) => ({ question, index, score: score(question) })).sort((a, b) => b.score - a.score || a.index - b.index).map(({ question }) => question);
}

function interviewerTurn(body: any): string {
  const system = systemText(body);
  const category = headerValue<Category>(system, 'category', CATEGORIES, 'Behavioral');
  const difficulty = headerValue<Difficulty>(system, 'difficulty', DIFFICULTIES, 'Medium');
  const language = headerValue<Language>(system, 'language', LANGUAGES, 'en');
  const turns = turnsOf(body);
  const brief = briefOf(turns);
  const bank = rankedBank(QUESTION_BANK[category][difficulty], brief);
  const asked = turns.filter((turn) => turn.role === 'assistant').length;
  const lastAnswer = [...turns].reverse().find((turn) => turn.role === 'user')?.text ?? '';

  if (asked === 0) {
    const opener = OPENERS[language].replace('{difficulty}', difficulty).replace('{category}', category);
    const role = roleOf(brief.jobDescription);
    const tailored = [role ? `We are practising for the role "${role}".` : '', brief.focus.length ? `Today's focus: ${brief.focus.map((entry) => entry.replace(/[?]/g, '')).join('; ')}.` : '']
      .filter(Boolean)
      .join(' ');
    return [opener, tailored, bank[0]].filter(Boolean).join(' ');
  }
  // Odd turns follow up on the answer just given; even turns move to the next bank question.
  if (asked % 2 === 1) {
    if (!lastAnswer.trim() || isServerTurn(lastAnswer)) {
      return 'You have not answered that yet. Could you give it a try, even if you only have a rough idea?';
    }
    if (words(lastAnswer).length < 25) {
      return `You said "${snippet(lastAnswer, 8)}". Can you make that more concrete with a specific example or detail?`;
    }
    const focus = brief.focus[((asked - 1) / 2) % Math.max(1, brief.focus.length)]?.replace(/[?]/g, '');
    return `You mentioned "${snippet(lastAnswer, 8)}".${focus ? ` With your focus on "${focus}" in mind:` : ''} ${FOLLOW_UP[category]}`;
  }
  const next = bank[asked / 2];
  if (!next) return 'Thank you, that covers everything I wanted to ask. You can end the interview now to see your feedback.';
  return `Thanks. ${next}`;
}

// ---------------------------------------------------------------- grader

function isGraderRequest(body: any): boolean {
  return Boolean(body?.outputConfig?.textFormat) || (Array.isArray(body?.toolConfig?.tools) && body.toolConfig.tools.length > 0);
}

/** The per-answer grader is recognised by the name of its schema or tool. */
function isAnswerGradeRequest(body: any): boolean {
  return body?.outputConfig?.textFormat?.structure?.jsonSchema?.name === ANSWER_SCHEMA_NAME || body?.toolConfig?.tools?.[0]?.toolSpec?.name === ANSWER_TOOL_NAME;
}

/** Reads the grader prompt's transcript block: one JSON object per line between the tags. */
function transcriptOf(userText: string): TranscriptTurn[] {
  const block = /<transcript>\n?([\s\S]*?)\n?<\/transcript>/.exec(userText)?.[1] ?? '';
  const turns: TranscriptTurn[] = [];
  for (const line of block.split('\n')) {
    if (!line.trim()) continue;
    try {
      const turn = JSON.parse(line) as TranscriptTurn;
      if ((turn.speaker === 'interviewer' || turn.speaker === 'candidate') && typeof turn.text === 'string') turns.push(turn);
    } catch {
      // not a transcript line; ignore
    }
  }
  return turns;
}

/** A JSON string between <tag> lines of the user turn ("" when absent). */
function taggedString(userText: string, tag: string): string {
  const json = new RegExp(`^<${tag}>\\n([\\s\\S]*?)\\n</${tag}>$`, 'm').exec(userText)?.[1];
  try {
    const parsed: unknown = json ? JSON.parse(json) : '';
    return typeof parsed === 'string' ? parsed : '';
  } catch {
    return '';
  }
}

/** Answer in the form the request asked for: schema-constrained text, or the forced tool. */
function structured(body: any, output: unknown): ResponderResult {
  if (body?.outputConfig?.textFormat) return { text: JSON.stringify(output) };
  const toolName: string = body.toolConfig.tools[0]?.toolSpec?.name ?? 'submit';
  return { toolUse: { name: toolName, input: output } };
}

function gradeOneAnswer(body: any): ResponderResult {
  const category = headerValue<Category>(systemText(body), 'category', CATEGORIES, 'Behavioral');
  const userText = turnsOf(body)
    .filter((turn) => turn.role === 'user')
    .map((turn) => turn.text)
    .join('\n');
  return structured(body, gradeAnswer(category, taggedString(userText, 'question'), taggedString(userText, 'answer')));
}

/** The job description of the grader's user turn (a JSON string between <job_description> tags), if any. */
function jobDescriptionOf(userText: string): string | undefined {
  const json = /<job_description>\n?([\s\S]*?)\n?<\/job_description>/.exec(userText)?.[1];
  try {
    const parsed: unknown = json ? JSON.parse(json) : undefined;
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The stand-in's summary label per language (the rest of its grade stays English). */
const GRADE_LABELS: Record<Language, string> = {
  en: 'Local stand-in grade (not Claude):',
  es: 'Evaluación del sustituto local (no es Claude):',
  fr: 'Évaluation du substitut local (pas Claude) :',
  de: 'Bewertung des lokalen Platzhalters (nicht Claude):',
  pt: 'Avaliação do substituto local (não é o Claude):',
  it: 'Valutazione del sostituto locale (non Claude):',
  hi: 'स्थानीय स्टैंड-इन का मूल्यांकन (Claude नहीं):',
  ja: 'ローカル代役による評価（Claude ではありません）：',
  zh: '本地替身评分（不是 Claude）：',
};

function grade(body: any): ResponderResult {
  const system = systemText(body);
  const category = headerValue<Category>(system, 'category', CATEGORIES, 'Behavioral');
  const language = headerValue<Language>(system, 'language', LANGUAGES, 'en');
  const userText = turnsOf(body)
    .filter((turn) => turn.role === 'user')
    .map((turn) => turn.text)
    .join('\n');
  const turns = transcriptOf(userText);
  const graded = gradeTranscript(category, turns);
  const jobDescription = jobDescriptionOf(userText);
  const output: GraderOutput = {
    ...graded,
    summary: cap(graded.summary.replace('Local stand-in grade (not Claude):', GRADE_LABELS[language]), LIMITS.summary),
    ...(jobDescription ? { roleFit: roleFitOf(jobDescription, turns) } : {}),
  };
  return structured(body, output);
}

export const localModelResponder: Responder = (call: ConverseCall) => {
  if (!isGraderRequest(call.body)) return { text: interviewerTurn(call.body) };
  return isAnswerGradeRequest(call.body) ? gradeOneAnswer(call.body) : grade(call.body);
};
