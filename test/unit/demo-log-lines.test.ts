import { describe, expect, it } from 'vitest';
import { demoLogLine } from '../../src/demo/demo-log-lines.ts';
import { createLogger } from '../../src/logger.ts';

/** What Grantdesk's logger writes, captured line by line. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  write(createLogger('warn', { write: (line: string) => lines.push(line) }));
  return lines;
}

describe("the demo's log lines", () => {
  it("turns the app's JSON warnings into one plain line, with what they are about", () => {
    const [json] = logged((logger) =>
      logger
        .child({ component: 'slack-notifier' })
        .warn({ grantId: 'g-1', eventId: 'e-1' }, 'no approver card to reply under'),
    );
    expect(json).toMatch(/^\{"level":40/);
    expect(demoLogLine(json!)).toBe(
      'warning: no approver card to reply under (slack-notifier, grantId g-1, eventId e-1)',
    );
  });

  it('keeps what an error says', () => {
    const [json] = logged((logger) => logger.error({ err: new Error('connection refused') }, 'jira-comment failed'));
    expect(demoLogLine(json!)).toBe('error: jira-comment failed: connection refused');
  });

  it('shows a line that is not JSON as it is', () => {
    expect(demoLogLine('plain text\n')).toBe('plain text');
  });
});
