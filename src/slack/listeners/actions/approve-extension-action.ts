import { parseExtensionButtonValue } from '../../blocks/extension-card.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/** **Approve** on an extension card: the Nth distinct approval moves the expiry (never past GRANT_MAX_DURATION). */
export function approveExtensionAction(deps: ListenerDeps) {
  return buttonListener(deps, 'approve extension', {
    settle: async (press) =>
      deps.services.approveExtension({ ...parseExtensionButtonValue(press.value), approver: await press.clicker() }),
  });
}
