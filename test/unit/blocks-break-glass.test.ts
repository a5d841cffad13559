import { describe, expect, it } from 'vitest';
import { approverCard } from '../../src/slack/blocks/approver-card.ts';
import { parseReviewModal, reviewModal } from '../../src/slack/blocks/review-modal.ts';
import { lifecycleReply } from '../../src/slack/blocks/thread-reply.ts';
import { blockErrors } from '../fakes/block-kit-rules.ts';
import {
  allText,
  buttons,
  expectEscaped,
  HOSTILE,
  HOUR,
  hostileGrant,
  longGrant,
  NOW,
} from '../support/block-fixture.ts';
import { APPROVER_ID, anActiveGrant, REQUESTER_ID } from '../support/grant-fixture.ts';

const options = { requiredApprovals: 1, now: NOW, breakGlassReviewWithinMs: 24 * HOUR };

describe('the break-glass card', () => {
  it('says who took which tenant without approval, with Review until reviewed', () => {
    const grant = anActiveGrant({ breakGlass: true, review: null });
    const card = approverCard(grant, options);
    const text = allText(card.blocks);
    expect(card.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: `:rotating_light: Break-glass ${grant.shortCode}` },
    });
    expect(text).toContain(`<@${REQUESTER_ID}> took access without approval`);
    expect(text).toContain('Not reviewed yet: review by');
    expect(buttons(card.blocks)).toEqual([
      expect.objectContaining({
        action_id: 'grant.review.open',
        value: grant.id,
        text: expect.objectContaining({ text: 'Review' }),
      }),
    ]);
    expect(card.text).toContain('(not reviewed)');
    expect(blockErrors(card.blocks)).toEqual([]);
  });

  it('says when the review is overdue', () => {
    const grant = anActiveGrant({ breakGlass: true, review: null, startTime: new Date(NOW.getTime() - 25 * HOUR) });
    expect(allText(approverCard(grant, options).blocks)).toContain(':warning: Review overdue');
  });

  it('shows the review, with its note escaped, instead of the button', () => {
    const review = {
      reviewerId: APPROVER_ID,
      reviewerEmail: null,
      outcome: 'flagged' as const,
      note: `No incident ${HOSTILE}`,
      reviewedAt: NOW,
    };
    const card = approverCard(hostileGrant({ breakGlass: true, review }), options);
    expect(buttons(card.blocks)).toEqual([]);
    expect(allText(card.blocks)).toContain(`:triangular_flag_on_post: Flagged by <@${APPROVER_ID}>`);
    expectEscaped(card);
    expect(blockErrors(card.blocks)).toEqual([]);
  });

  it('stays within Block Kit limits whatever the grant holds', () => {
    const review = {
      reviewerId: APPROVER_ID,
      reviewerEmail: null,
      outcome: 'flagged' as const,
      note: 'n'.repeat(500),
      reviewedAt: NOW,
    };
    for (const grant of [longGrant({ breakGlass: true, review: null }), longGrant({ breakGlass: true, review })]) {
      expect(blockErrors(approverCard(grant, options).blocks)).toEqual([]);
    }
  });

  it('reminds in the thread while unreviewed', () => {
    const reply = lifecycleReply(hostileGrant({ breakGlass: true }), { kind: 'review-due' });
    expect(reply.text).toContain('not yet reviewed');
    expect(allText(reply.blocks)).toContain('press *Review*');
    expectEscaped(reply);
  });
});

describe('the review modal', () => {
  it('offers Acknowledge (chosen) and Flag, and an optional note, within Block Kit limits', () => {
    const modal = reviewModal('grant-1');
    expect(modal).toMatchObject({
      callback_id: 'grant.review',
      private_metadata: JSON.stringify({ grantId: 'grant-1' }),
    });
    expect(blockErrors(modal.blocks)).toEqual([]);
    const values = (outcome: string, note: string) => ({
      review_outcome: { review_outcome: { type: 'static_select', selected_option: { value: outcome } } },
      review_note: { review_note: { type: 'plain_text_input', value: note } },
    });
    expect(
      parseReviewModal({ private_metadata: modal.private_metadata, state: { values: values('flagged', ' why ') } }),
    ).toEqual({
      grantId: 'grant-1',
      outcome: 'flagged',
      note: 'why',
    });
    expect(
      parseReviewModal({ private_metadata: modal.private_metadata, state: { values: values('other', '') } }),
    ).toEqual({
      grantId: 'grant-1',
      outcome: 'acknowledged',
      note: null,
    });
    expect(parseReviewModal({ private_metadata: 'nope', state: { values: {} } })).toBeUndefined();
  });
});
