/** Jira's error body `{errorMessages: [...], errors: {field: message}}` as one line, for logs and refusals. */
export function jiraErrorText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(errorMessages) ? errorMessages.filter((m) => typeof m === 'string') : [];
  const fieldMessages =
    typeof errors === 'object' && errors !== null
      ? Object.entries(errors).map(([field, message]) => `${field}: ${String(message)}`)
      : [];
  return [...messages, ...fieldMessages].join('; ');
}
