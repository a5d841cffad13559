export { REPLAY_WINDOW_SECONDS, verifyWebhook, type WebhookVerification } from './verify-webhook.js';
