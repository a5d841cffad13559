import { extendModal, extensionBounds } from '../../blocks/extend-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/**
 * **Extend** on the expiry warning: opens the extend modal with the durations still allowed. One indexed read comes
 * before views.open, well inside the 3 seconds a trigger id lasts.
 */
export function openExtendModalAction(deps: ListenerDeps) {
  return buttonListener(deps, 'open extend modal', {
    open: async (press) => {
      const grant = await deps.services.findGrant({ reference: press.value });
      return extendModal(grant, extensionBounds(grant, deps.policy));
    },
  });
}
