import { timePhase } from '../../../phase-times.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/**
 * **Approve** on a request (channel card or App Home), after its confirm dialog. A second click, or Slack delivering
 * the click twice, finds the approval already recorded and changes nothing; a non-approver or the requester is
 * refused (and the refusal audited) with an explanation only they see.
 */
export function approveGrantAction(deps: ListenerDeps) {
  return buttonListener(deps, 'approve', {
    settle: async (press) =>
      deps.services.approveGrant({
        grantId: press.value,
        approver: await timePhase('people lookup', () => press.clicker()),
      }),
    showCard: true,
  });
}
