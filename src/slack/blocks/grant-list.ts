import type { KnownBlock } from '@slack/types';
import type { Grant } from '../../domain/grant.ts';
import { MESSAGE_BLOCKS_MAX } from '../mrkdwn.ts';
import { context, message, type SlackMessage, section } from './block-kit.ts';
import { grantRow, newestFirst } from './grant-row.ts';

/** The ephemeral answer to `/grant list`: the viewer's grants, newest first, within one message's 50 blocks. */
export function grantList(grants: readonly Grant[], now: Date): SlackMessage {
  if (grants.length === 0) {
    return message('You have no grants', [section('You have no grants. Ask for one with `/grant`.')]);
  }
  const sorted = newestFirst(grants);
  // One block for the heading and one for the "and N more" line.
  const room = MESSAGE_BLOCKS_MAX - 2;
  const shown = sorted.length > room ? sorted.slice(0, room) : sorted;
  const blocks: KnownBlock[] = [section(`*Your grants* (${grants.length})`), ...shown.map((g) => grantRow(g, now))];
  if (shown.length < sorted.length) blocks.push(context(`…and ${sorted.length - shown.length} more, older`));
  return message(`Your grants (${grants.length})`, blocks);
}
