import { reviewModal } from '../../blocks/review-modal.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { buttonListener } from './button-listener.ts';

/**
 * **Review** on a break-glass: opens the review modal straight away (the trigger id expires after 3 seconds). Who may
 * review (an approver, not the requester) is decided when it is submitted, by the use case, which audits a refusal.
 */
export function openReviewModalAction(deps: ListenerDeps) {
  return buttonListener(deps, 'open review modal', { open: (press) => reviewModal(press.value) });
}
