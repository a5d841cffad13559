import type { GrantChange } from '../../app/change-grant.ts';
import { measurePhases, timePhase } from '../../phase-times.ts';
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
  const { result: text, times } = await measurePhases(async () => {
    try {
      const change = await work();
      if (change.changed && options.showCard) {
        await timePhase('card update', () => showCard(deps, click.client, click.logger, change.grant));
      }
      return !change.changed && change.note ? unchangedNote(change.note) : undefined;
    } catch (error) {
      return reportFailure(click.logger, error, what);
    }
  });
  // One line per click with where its time went (bench/slack-ack.ts reads these).
  click.logger.info('click settled', { click: what, ms: times });
  await tellClicker(deps, click, text);
}
