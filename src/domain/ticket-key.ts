/**
 * Jira issue keys: a project key and a number, `OPS-123`. Jira's project keys start with an uppercase letter and
 * continue with uppercase letters, digits or underscores, at least two characters in all (Jira's default key
 * pattern and its documented minimum); issue numbers start at 1. People type keys in lowercase too, so input is
 * upper-cased before it is checked.
 */
const TICKET_KEY_PATTERN = /^([A-Z][A-Z0-9_]+)-([1-9][0-9]*)$/;

/** The canonical (upper-case) key, or undefined when the text is not shaped like a Jira key. */
export function parseTicketKey(text: string): string | undefined {
  const key = text.trim().toUpperCase();
  return TICKET_KEY_PATTERN.test(key) ? key : undefined;
}

/** True when the text is shaped like a Jira key, in any case (used to pick the ticket out of `/grant` text). */
export function isTicketKey(text: string): boolean {
  return parseTicketKey(text) !== undefined;
}

/** The project part of a key: `OPS-123` → `OPS`. The key must already be canonical (see parseTicketKey). */
export function projectOfTicketKey(key: string): string {
  return key.slice(0, key.lastIndexOf('-'));
}
