import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/** **Cancel** (`/grant list`, App Home): the requester withdraws a pending request. */
export function cancelGrantAction(deps: ListenerDeps) {
  return buttonListener(deps, 'cancel', {
    settle: async (press) => deps.services.cancelGrant({ grantId: press.value, actor: await press.clicker() }),
    showCard: true,
  });
}
