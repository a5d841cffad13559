import type { GrantChange } from '../../app/change-grant.ts';
import { unchangedNote } from '../blocks/command-replies.ts';
import type { ListenerDeps } from './listener-deps.ts';
import { reportFailure } from './report-failure.ts';
import { showCard } from './show-card.ts';
import { type Click, tellClicker } from './tell-clicker.ts';

/**
 * Runs the use case behind a button and tells the clicker what only they need to know: why nothing changed (a double
 * click, an approval already given) or why it was refused. A change itself needs no reply here: the card, the DM
 * and the thread are updated by the notifier from the committed state, for everyone at once (`showCard` renders a
 * decision on the card at once as well).
 */
export async function settleClick(
  deps: ListenerDeps,
  click: Click,
  what: string,
  work: () => Promise<GrantChange>,
  options: { showCard?: boolean } = {},
): Promise<void> {
  let text: string | undefined;
  try {
    const change = await work();
    if (!change.changed && change.note) text = unchangedNote(change.note);
    if (change.changed && options.showCard) await showCard(deps, click.client, click.logger, change.grant);
  } catch (error) {
    text = reportFailure(click.logger, error, what);
  }
  await tellClicker(deps, click, text);
}
