/**
 * The local stand-in interviewer's questions: one list per category × difficulty, asked in
 * order. Each entry is exactly one question (the stand-in never asks two in one turn).
 */
import type { Category, Difficulty } from '../../../layers/shared/src/domain';

export const QUESTION_BANK: Record<Category, Record<Difficulty, string[]>> = {
  Behavioral: {
    Easy: [
      'Tell me about a time you had to learn something new quickly to finish a task.',
      'Describe a situation where you helped a teammate who was stuck.',
      'Tell me about a mistake you made at work or school and what you did about it.',
    ],
    Medium: [
      'Tell me about a time you disagreed with a teammate on a technical decision and how it was resolved.',
      'Describe a project where the requirements changed late; what did you personally do?',
      'Tell me about a time you missed a deadline and how you handled it with your stakeholders.',
    ],
    Hard: [
      'Tell me about a time you led a team through a failing project without formal authority.',
      'Describe the hardest trade-off you made between delivery speed and quality, and its measurable result.',
      'Tell me about a time you had to change a senior leader’s mind with data.',
    ],
  },
  DSA: {
    Easy: [
      'Given an array of integers and a target, how would you find two numbers that add up to the target?',
      'How would you check whether a string is a palindrome, ignoring spaces and letter case?',
      'How would you find the largest element in an unsorted array, and what is the time complexity?',
    ],
    Medium: [
      'How would you find the length of the longest substring without repeating characters?',
      'Given a list of meeting intervals, how would you merge all overlapping intervals?',
      'How would you detect a cycle in a linked list using constant extra space?',
    ],
    Hard: [
      'How would you find the median of two sorted arrays in logarithmic time?',
      'Design an LRU cache with O(1) get and put: which data structures would you combine?',
      'Given a stream of integers, how would you report the median after every new element?',
    ],
  },
  'System Design': {
    Easy: [
      'How would you design a URL shortener for a small company intranet?',
      'How would you design a simple to-do list web application with user accounts?',
      'How would you add caching to a slow read-heavy web page?',
    ],
    Medium: [
      'How would you design a news feed for a social app with ten million daily users?',
      'How would you design a rate limiter shared by several API servers?',
      'How would you design a notification service that sends email, SMS and push messages?',
    ],
    Hard: [
      'How would you design a globally distributed key-value store with tunable consistency?',
      'How would you design a real-time collaborative document editor for millions of users?',
      'How would you design a payment system that never charges a customer twice?',
    ],
  },
  HR: {
    Easy: [
      'Why are you interested in this role?',
      'How would your friends or colleagues describe the way you work?',
      'What kind of feedback helps you most, and how do you like to receive it?',
    ],
    Medium: [
      'Tell me about a conflict with a manager and how you handled it.',
      'What are you looking for in your next role that your current one does not offer?',
      'How do you keep yourself motivated during repetitive or stressful periods?',
    ],
    Hard: [
      'Why are you leaving your current position, and what would make you stay?',
      'What are your salary expectations, and how did you arrive at them?',
      'Tell me about a time your values conflicted with a company decision; what did you do?',
    ],
  },
  Product: {
    Easy: [
      'Pick a product you use every day: who is its main user, and what problem does it solve for them?',
      'How would you measure whether a new search feature in a shopping app is successful?',
      'If you could add one feature to a calendar app, what would it be and why?',
    ],
    Medium: [
      'Daily active users of a music app dropped 10% last week: how would you investigate?',
      'How would you prioritise a backlog with a customer request, a tech-debt item and a growth experiment?',
      'What north-star metric would you choose for a food delivery app, and which guardrail metrics go with it?',
    ],
    Hard: [
      'How would you decide whether a ride-sharing company should launch a subscription plan?',
      'Design a product strategy for entering a market where a competitor holds 80% share: where do you start?',
      'Your team can build only one of two features this quarter: how do you decide, and what would you not build?',
    ],
  },
};
