/**
 * The language an interview is held in, as fixed prompt text per allowed language. The
 * client's tag is validated against the allow-list and only its primary language selects a
 * template here: the raw tag (region, script, private-use subtags) never reaches a prompt.
 */
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, primaryLanguage, type Language } from '../../domain';

/** The allowed language of a stored tag; anything unknown falls back to English. */
export function languageOf(tag: string | undefined): Language {
  return primaryLanguage(tag) ?? DEFAULT_LANGUAGE;
}

/** Line the local stand-in model reads to learn the language; keep the format stable. */
export function languageHeader(language: Language): string {
  return `Interview language: ${language}`;
}

/** The interviewer's language rule. */
export function interviewerLanguageRule(language: Language): string {
  const name = LANGUAGE_NAMES[language];
  return `Conduct the whole interview in ${name}: every greeting, question, follow-up and acknowledgement. If the candidate answers in another language, keep asking in ${name}.`;
}

/** The grader's language rule: the prose in the candidate's language, the JSON keys unchanged. */
export function graderLanguageRule(language: Language): string {
  const name = LANGUAGE_NAMES[language];
  return `Write the summary, every strength and weakness point, every suggestion and the roleFit rationale in ${name}. Keep the JSON keys exactly as the schema names them, and copy quotes verbatim in whatever language the candidate used.`;
}
