import type { App } from '@slack/bolt';
import { ActionId } from '../../blocks/action-ids.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { approveExtensionAction } from './approve-extension-action.ts';
import { approveGrantAction } from './approve-grant-action.ts';
import { cancelGrantAction } from './cancel-grant-action.ts';
import { denyExtensionAction } from './deny-extension-action.ts';
import { denyGrantAction } from './deny-grant-action.ts';
import { endGrantAction } from './end-grant-action.ts';
import { openExtendModalAction } from './open-extend-modal-action.ts';
import { openReviewModalAction } from './open-review-modal-action.ts';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(ActionId.approveGrant, approveGrantAction(deps));
  app.action(ActionId.denyGrant, denyGrantAction(deps));
  app.action(ActionId.approveExtension, approveExtensionAction(deps));
  app.action(ActionId.denyExtension, denyExtensionAction(deps));
  app.action(ActionId.endGrant, endGrantAction(deps));
  app.action(ActionId.cancelGrant, cancelGrantAction(deps));
  app.action(ActionId.openExtendModal, openExtendModalAction(deps));
  app.action(ActionId.openReviewModal, openReviewModalAction(deps));
}
