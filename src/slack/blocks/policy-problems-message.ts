import { escapeAndTruncate } from '../mrkdwn.ts';
import { message, type SlackMessage, section } from './block-kit.ts';

/** At most this many problems are listed: the first ones are what to fix first; `grantdesk policy check` lists all. */
const LISTED = 10;

/** The compliance channel's notice that a policy reload was refused, with the problems (file:line: what). */
export function policyProblemsMessage(summary: string, problems: readonly string[]): SlackMessage {
  const listed = problems.slice(0, LISTED).map((problem) => `• \`${escapeAndTruncate(problem, 280)}\``);
  const more =
    problems.length > LISTED ? [`…and ${problems.length - LISTED} more: run \`grantdesk policy check\`.`] : [];
  return message(`:warning: ${summary}`, [
    section(`:warning: ${escapeAndTruncate(summary, 500)}`),
    section([...listed, ...more].join('\n')),
  ]);
}
