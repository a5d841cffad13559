/**
 * Slack's Block Kit limits as the fake Slack enforces them and unit tests check builders against them. One set of
 * rules with the demo's Slack sandbox, which enforces the same limits; both stay independent of the constants the
 * builders use (src/slack/mrkdwn.ts), so a wrong constant in the product is not also wrong here.
 */
export { blockErrors, Limit, viewErrors } from '../../src/demo/slack-sandbox/block-kit-rules.ts';
