import type { InputBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { denyModal, parseDenyModal } from '../../src/slack/blocks/deny-modal.ts';
import { durationOptions } from '../../src/slack/blocks/duration-options.ts';
import { extendModal, parseExtendModal } from '../../src/slack/blocks/extend-modal.ts';
import { parseRequestModal, requestModal } from '../../src/slack/blocks/request-modal.ts';
import { viewErrors } from '../fakes/block-kit-rules.ts';
import { BOUNDS, expectEscaped, HOUR, hostileGrant, longGrant, MINUTE } from '../support/block-fixture.ts';

describe('durationOptions', () => {
  it('offers round steps within the bounds plus min, default and max, in order', () => {
    const choice = durationOptions({ minDurationMs: 90_000, defaultDurationMs: 20 * MINUTE, maxDurationMs: 10 * HOUR });
    expect(choice.options.map((o) => o.value)).toEqual([
      '1m30s',
      '5m',
      '15m',
      '20m',
      '30m',
      '1h',
      '2h',
      '4h',
      '8h',
      '10h',
    ]);
    expect(choice.initialOption.value).toBe('20m');
    expect(choice.options.find((o) => o.value === '1h')?.text.text).toBe('1 hour');
  });

  it('keeps every option within the bounds and clamps a default outside them', () => {
    const choice = durationOptions({
      minDurationMs: 10 * MINUTE,
      defaultDurationMs: 12 * HOUR,
      maxDurationMs: 2 * HOUR,
    });
    expect(choice.options.map((o) => o.value)).toEqual(['10m', '15m', '30m', '1h', '2h']);
    expect(choice.initialOption.value).toBe('2h');
  });
});

describe('requestModal', () => {
  it('is the grant.request modal with tenant, target user, ticket, reason, duration and access inputs', () => {
    const view = requestModal(BOUNDS);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.request' });
    const inputs = (view.blocks as KnownBlock[]).filter((b): b is InputBlock => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, 'action_id' in b.element && b.element.action_id])).toEqual([
      ['tenant', 'tenant'],
      ['target_user', 'target_user'],
      ['ticket', 'ticket'],
      ['reason', 'reason'],
      ['duration', 'duration'],
      ['access_level', 'access_level'],
    ]);
    expect(inputs[1]).toMatchObject({ optional: true });
    expect(inputs[0]).not.toHaveProperty('optional');
    expect(inputs[3]).toMatchObject({
      element: { type: 'plain_text_input', multiline: true, min_length: 10, max_length: 500 },
    });
    expect(inputs[4]).toMatchObject({
      element: { type: 'static_select', initial_option: { value: '30m' } },
    });
    const select = inputs[4]?.element;
    const values = select?.type === 'static_select' ? (select.options ?? []).map((o) => o.value) : [];
    expect(values).toEqual(['5m', '15m', '30m', '1h', '2h', '4h', '8h']);
    const access = inputs[5]?.element;
    expect(access).toMatchObject({ type: 'static_select', initial_option: { value: 'read' } });
    expect(access?.type === 'static_select' ? (access.options ?? []).map((o) => o.value) : []).toEqual([
      'read',
      'write',
    ]);
    expect(requestModal({ ...BOUNDS, initial: { accessLevel: 'write' } }).blocks).toContainEqual(
      expect.objectContaining({
        element: expect.objectContaining({ initial_option: expect.objectContaining({ value: 'write' }) }),
      }),
    );
    expect(viewErrors(view)).toEqual([]);
  });

  it('keeps prefilled text within the input limits', () => {
    const view = requestModal({ ...BOUNDS, initial: { tenant: 't'.repeat(1000), reason: 'r'.repeat(1000) } });
    expect(viewErrors(view)).toEqual([]);
  });

  it('parses a submission into typed fields', () => {
    const parsed = parseRequestModal({
      tenant: { tenant: { type: 'plain_text_input', value: '  acme-corp ' } },
      target_user: { target_user: { type: 'plain_text_input', value: null } },
      ticket: { ticket: { type: 'plain_text_input', value: 'ops-123' } },
      reason: { reason: { type: 'plain_text_input', value: 'Reproduce the export bug' } },
      duration: { duration: { type: 'static_select', selected_option: { value: '1h30m' } } },
      access_level: { access_level: { type: 'static_select', selected_option: { value: 'write' } } },
    });
    expect(parsed).toEqual({
      tenant: 'acme-corp',
      targetUser: null,
      ticketKey: 'OPS-123',
      reason: 'Reproduce the export bug',
      durationMs: 90 * MINUTE,
      accessLevel: 'write',
    });
    expect(parseRequestModal({}).durationMs).toBeUndefined();
    // No choice, or a value the select never offered, is read: the lesser access.
    expect(parseRequestModal({}).accessLevel).toBe('read');
    const forged = { access_level: { access_level: { type: 'static_select', selected_option: { value: 'admin' } } } };
    expect(parseRequestModal(forged).accessLevel).toBe('read');
  });
});

describe('extendModal', () => {
  it('is the grant.extend modal carrying the grant id, with duration and reason', () => {
    const grant = hostileGrant();
    const view = extendModal(grant, {
      minDurationMs: 5 * MINUTE,
      defaultDurationMs: 15 * MINUTE,
      maxDurationMs: 2 * HOUR,
    });
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.extend', private_metadata: grant.id });
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['duration', 'reason']);
    expect(viewErrors(view)).toEqual([]);
    expectEscaped(view);
    expect(viewErrors(extendModal(longGrant(), BOUNDS))).toEqual([]);

    expect(
      parseExtendModal({
        private_metadata: grant.id,
        state: {
          values: {
            duration: { duration: { type: 'static_select', selected_option: { value: '15m' } } },
            reason: { reason: { type: 'plain_text_input', value: ' Export still running ' } },
          },
        },
      }),
    ).toEqual({ grantId: grant.id, durationMs: 15 * MINUTE, reason: 'Export still running' });
  });
});

describe('denyModal', () => {
  it('is the grant.deny modal with a required reason, round-tripping grant id and kind', () => {
    const view = denyModal('grant-1', 'extension');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'grant.deny' });
    const reason = view.blocks.find((b) => b.type === 'input');
    expect(reason).toMatchObject({ block_id: 'reason', element: { action_id: 'reason' } });
    expect(reason).not.toHaveProperty('optional');
    expect(viewErrors(view)).toEqual([]);

    const values = { reason: { reason: { type: 'plain_text_input', value: 'Not this week' } } };
    expect(parseDenyModal({ private_metadata: view.private_metadata, state: { values } })).toEqual({
      grantId: 'grant-1',
      kind: 'extension',
      reason: 'Not this week',
    });
    expect(parseDenyModal({ private_metadata: 'grant-1', state: { values } })).toBeUndefined();
    expect(parseDenyModal({ private_metadata: '{"grantId":"g","kind":"other"}', state: { values } })).toBeUndefined();
  });
});
