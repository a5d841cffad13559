import { formatDuration } from '../../domain/duration.ts';
import { escapeText } from '../mrkdwn.ts';
import { context, divider, header, message, type SlackMessage, section } from './block-kit.ts';
import type { DurationBounds } from './duration-options.ts';

/** Every `/grant` form (DESIGN §3), what it does, and an example. Placeholders are in <angle brackets>. */
const COMMANDS: readonly { usage: string; does: string; example?: string }[] = [
  { usage: '/grant', does: 'Opens the request form (tenant, target user, ticket, reason, duration).' },
  {
    usage: '/grant <tenant>[:<target-user>] <TICKET-KEY> [<duration>] <reason…>',
    does:
      'Requests access inline. The ticket is the first word shaped like a Jira key, the duration the first word ' +
      'shaped like a duration (default when left out), the tenant the first other word; the rest is the reason.',
    example: '/grant acme-corp:jane@acme.com OPS-123 30m Customer cannot export invoices, reproducing',
  },
  {
    usage: '/grant emergency <tenant>[:<target-user>] <TICKET-KEY> <duration> <reason…>',
    does:
      'Break-glass, where access policy allows it: access at once, without approval, for a short time. Approvers ' +
      'and compliance are told at once and an approver reviews it afterwards.',
    example: '/grant emergency acme-corp OPS-123 30m Checkout down for every customer, on call',
  },
  { usage: '/grant list', does: 'Lists your grants and their status.' },
  { usage: '/grant end <id>', does: 'Ends your active grant now.', example: '/grant end G-7K3M9Q' },
  { usage: '/grant cancel <id>', does: 'Cancels your pending request.', example: '/grant cancel G-7K3M9Q' },
  {
    usage: '/grant revoke <id> <reason…>',
    does: 'Approvers: ends someone’s active grant now.',
    example: '/grant revoke G-7K3M9Q Customer withdrew consent',
  },
  {
    usage: '/grant extend <id> <duration> <reason…>',
    does: 'Asks approvers for more time on your active grant.',
    example: '/grant extend G-7K3M9Q 30m Export still running',
  },
  { usage: '/grant stats', does: 'Auditors and approvers: session statistics.' },
  {
    usage: '/grant audit [<tenant>] [<since YYYY-MM-DD>]',
    does: 'Auditors and approvers: recent sessions, optionally for one tenant and since a date.',
    example: '/grant audit acme-corp 2024-01-01',
  },
  { usage: '/grant help', does: 'Shows this help.' },
];

/** The answer to `/grant help`. With the bounds, it also says which durations are allowed. */
export function helpMessage(bounds?: DurationBounds): SlackMessage {
  const lines = COMMANDS.map(({ usage, does, example }) => {
    const sample = example ? `\n_e.g._ \`${escapeText(example)}\`` : '';
    return section(`\`${escapeText(usage)}\`\n${escapeText(does)}${sample}`);
  });
  const durations = bounds
    ? `Durations look like \`90s\`, \`15m\`, \`1h30m\`: from ${formatDuration(bounds.minDurationMs)} to ${formatDuration(bounds.maxDurationMs)}, ${formatDuration(bounds.defaultDurationMs)} when left out.`
    : 'Durations look like `90s`, `15m`, `1h30m`.';
  return message('How to use /grant', [
    header('Grantdesk: /grant'),
    section(
      'Grantdesk gives time-boxed, audited access to a customer tenant. Every grant needs a Jira ticket and an approver, ends by itself, and is recorded.',
    ),
    divider(),
    ...lines,
    divider(),
    context(`${durations} ${escapeText('`<id>`')} is the short code (\`G-7K3M9Q\`) shown on every message.`),
  ]);
}
