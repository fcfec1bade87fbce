import { DEFAULT_LANGUAGE, type SessionItem, type SessionSettings } from '../domain';
import { ConflictError } from '../errors';

/**
 * A session's settings (focus, jobDescription, language) are chosen on its first turn and
 * belong to the session from then on. The published frontend stores one session under two
 * ts values and its later turns carry none of these fields, so a later turn inherits what
 * the stored items hold; a later turn that does send one must send the same value.
 */

/** Only the settings attributes of an item (or request), absent ones left out. */
export function settingsOf(source: SessionSettings): SessionSettings {
  return {
    ...(source.focus !== undefined ? { focus: [...source.focus] } : {}),
    ...(source.jobDescription !== undefined ? { jobDescription: source.jobDescription } : {}),
    ...(source.language !== undefined ? { language: source.language } : {}),
  };
}

/** The settings a session's stored items carry (every item of a session carries the same). */
export function storedSettings(items: readonly SessionItem[]): SessionSettings {
  const withSettings = items.find((item) => item.focus !== undefined || item.jobDescription !== undefined || item.language !== undefined);
  return withSettings ? settingsOf(withSettings) : {};
}

/**
 * The settings of this turn: the request's on a new session, the stored ones on a later turn.
 * @throws ConflictError 409 SESSION_SETTINGS_MISMATCH when a later turn sends a value that differs
 *   from the session's (an absent setting counts as its default: no focus, no job description, "en").
 */
export function resolveSettings(items: readonly SessionItem[], requested: SessionSettings): SessionSettings {
  if (items.length === 0) return settingsOf(requested);
  const stored = storedSettings(items);
  const differs: string[] = [];
  if (requested.focus !== undefined && JSON.stringify(requested.focus) !== JSON.stringify(stored.focus ?? [])) differs.push('focus');
  if (requested.jobDescription !== undefined && requested.jobDescription !== stored.jobDescription) differs.push('jobDescription');
  if (requested.language !== undefined && requested.language !== (stored.language ?? DEFAULT_LANGUAGE)) differs.push('language');
  if (differs.length > 0) {
    throw new ConflictError(
      `${differs.join(', ')} ${differs.length === 1 ? 'differs' : 'differ'} from the value the session was started with; settings are chosen on the first turn only`,
      'SESSION_SETTINGS_MISMATCH',
    );
  }
  return stored;
}
