import type { InputBlock, PlainTextOption } from '@slack/types';
import type { AccessLevel } from '../../domain/policy/access-policy.ts';
import { INPUT_HINT_MAX, INPUT_LABEL_MAX, OPTION_TEXT_MAX } from '../mrkdwn.ts';
import { InputId } from './action-ids.ts';
import { plainText } from './block-kit.ts';
import { selectedOption, type ViewStateValues } from './view-state.ts';

const OPTIONS: Record<AccessLevel, PlainTextOption> = {
  read: { text: plainText('Read: look, change nothing', OPTION_TEXT_MAX), value: 'read' },
  write: { text: plainText('Write: act and change things', OPTION_TEXT_MAX), value: 'write' },
};

/** The request modal's access level: a static select, block_id and action_id `access_level`, read first. */
export function accessLevelSelectBlock(initial: AccessLevel = 'read'): InputBlock {
  return {
    type: 'input',
    block_id: InputId.accessLevel,
    label: plainText('Access', INPUT_LABEL_MAX),
    hint: plainText('Ask for write only when you must change something; policy may refuse it.', INPUT_HINT_MAX),
    element: {
      type: 'static_select',
      action_id: InputId.accessLevel,
      options: [OPTIONS.read, OPTIONS.write],
      initial_option: OPTIONS[initial],
    },
  };
}

/** Write only when write was chosen: no choice, or a value the select never offered, asks for the lesser access. */
export function parseAccessLevel(values: ViewStateValues): AccessLevel {
  return selectedOption(values, InputId.accessLevel) === 'write' ? 'write' : 'read';
}
