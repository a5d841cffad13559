/** An answer of Grantdesk other than 2xx: its HTTP status and its `{error: {code, message, field?}}`. */
export class GrantdeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(`Grantdesk answered ${status} ${code}: ${message}`);
    this.name = 'GrantdeskApiError';
  }
}
