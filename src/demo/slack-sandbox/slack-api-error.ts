/** A Web API refusal: answered as `{ok: false, error: code}`, with Slack's `response_metadata.messages` when given. */
export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';

  constructor(
    readonly code: string,
    readonly messages: readonly string[] = [],
  ) {
    super(code);
  }
}
