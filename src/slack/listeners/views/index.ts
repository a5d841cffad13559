import type { App } from '@slack/bolt';
import { CallbackId } from '../../blocks/action-ids.ts';
import type { ListenerDeps } from '../listener-deps.ts';
import { denyModalSubmission } from './deny-modal-submission.ts';
import { extendModalSubmission } from './extend-modal-submission.ts';
import { requestModalSubmission } from './request-modal-submission.ts';
import { reviewModalSubmission } from './review-modal-submission.ts';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(CallbackId.requestModal, requestModalSubmission(deps));
  app.view(CallbackId.denyModal, denyModalSubmission(deps));
  app.view(CallbackId.extendModal, extendModalSubmission(deps));
  app.view(CallbackId.reviewModal, reviewModalSubmission(deps));
}
