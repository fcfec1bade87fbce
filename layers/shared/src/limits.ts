/**
 * Input limits (OWASP API4 / LLM10). Checked at the edge, before any model call or
 * write, so that an item never approaches DynamoDB's 400 KB item limit: the stored
 * transcript plus the model's reply (bounded by max tokens) plus the feedback must fit.
 * docs/operations.md documents these numbers (and docs/openapi.yaml is generated from the schemas that use them).
 */
export const LIMITS = {
  /** Raw request body, bytes (after base64 decoding). Larger → 413. */
  maxBodyBytes: 256 * 1024,
  /** Messages in one history. More → 413. */
  maxMessages: 120,
  /** Characters in one message's content. More → 413. */
  maxMessageChars: 10_000,
  /** UTF-8 bytes of all message contents together. More → 413. */
  maxTranscriptBytes: 160 * 1024,
  /** sessionId: 1–128 characters of [A-Za-z0-9_-] (the frontend sends UUIDs). */
  maxSessionIdChars: 128,
  /** userId (a Cognito sub, or "anonymous"): 1–128 printable characters. */
  maxUserIdChars: 128,
  /** category / difficulty strings before they are matched against the known lists. */
  maxLabelChars: 64,
  /** Session settings (POST /interview, first turn): focus entries (more → 400), characters per entry and of the job description (more → 413). */
  maxFocusEntries: 3,
  maxFocusChars: 80,
  maxJobDescriptionChars: 8_000,
  /** A retry's new answer to one question (POST /feedback with `retry`): characters. More → 413. */
  maxRetryAnswerChars: 4_000,
  /** Retries one question may have (by its text); the next → 409 ATTEMPT_LIMIT. */
  maxAttemptsPerQuestion: 10,
  /** ts: integer epoch seconds, from 2000-01-01 to one day ahead of the server clock. */
  minTs: 946_684_800,
  maxTsAheadSeconds: 24 * 60 * 60,
} as const;

/** Byte size of the text a transcript stores; used for the 413 transcript limit. */
export function transcriptBytes(messages: ReadonlyArray<{ content: string }>): number {
  let total = 0;
  for (const message of messages) total += Buffer.byteLength(message.content, 'utf8');
  return total;
}
