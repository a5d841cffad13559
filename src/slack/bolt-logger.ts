import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger.ts';

const LEVELS: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Bolt's logger interface over our pino logger, so Bolt's own lines (and listeners' `logger`) come out as the same
 * structured JSON, under `component: slack`. An Error among the arguments goes to `err`, where pino serialises it.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) => {
      const error = messages.find((m): m is Error => m instanceof Error);
      const text = messages
        .filter((m) => m !== error)
        .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      child[level](error ? { err: error } : {}, text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // LOG_LEVEL decides, not Bolt: Bolt sets INFO on any logger it is given, which would unsilence the tests.
    setLevel: () => undefined,
    getLevel: () =>
      (Object.entries(LEVELS).find(([, name]) => name === child.level)?.[0] as LogLevel | undefined) ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
