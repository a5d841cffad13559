import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; secrets never reach a log line (redacted by path). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'grantdesk' },
      redact: ['token', 'config.slack.botToken', 'config.slack.signingSecret', 'headers.authorization'],
    },
    destination,
  );
}
