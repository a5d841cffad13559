import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/** **End now** (decision DM, expiry warning, `/grant list`, App Home): the requester ends their session. */
export function endGrantAction(deps: ListenerDeps) {
  return buttonListener(deps, 'end', {
    settle: async (press) => deps.services.endGrant({ grantId: press.value, actor: await press.clicker() }),
  });
}
