import { denyModal } from '../../blocks/deny-modal.ts';
import { parseExtensionButtonValue } from '../../blocks/extension-card.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/** **Deny** on an extension card: opens the reason modal for that extension, straight away. */
export function denyExtensionAction(deps: ListenerDeps) {
  return buttonListener(deps, 'open deny modal', {
    open: (press) => {
      const { grantId, extensionId } = parseExtensionButtonValue(press.value);
      return denyModal(grantId, 'extension', extensionId);
    },
  });
}
