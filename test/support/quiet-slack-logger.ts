import { type Logger, LogLevel } from '@slack/web-api';

/** WebClient logs Slack's refusals (`response_metadata.messages`) as errors; where a test asserts them, they are not noise. */
export const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
