import { denyModal } from '../../blocks/deny-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/**
 * **Deny** on a request: opens the modal asking for the reason, straight away (the trigger id expires after 3
 * seconds). Who may deny is decided when the reason is submitted, by the use case, which audits a refusal.
 */
export function denyGrantAction(deps: ListenerDeps) {
  return buttonListener(deps, 'open deny modal', { open: (press) => denyModal(press.value, 'grant') });
}
