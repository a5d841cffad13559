import { describe, expect, it } from 'vitest';
import { type ConsoleActionInput, consoleActionEvent, KNOWN_CONSOLE_ACTIONS } from '../../src/domain/console-action.ts';
import { MAX_JSON_DEPTH, MAX_JSON_LENGTH } from '../../src/domain/json-bounds.ts';

const receivedAt = new Date('2026-11-02T10:00:00Z');
const input: ConsoleActionInput = {
  id: null,
  actor: { kind: 'staff', id: 'U0ADA', email: 'ada@example.test' },
  action: 'tenant.suspend',
  tenant: 'acme',
  before: { status: 'active' },
  after: { status: 'suspended' },
  ipAddress: '192.0.2.1',
  userAgent: 'Console/1',
  occurredAt: new Date('2026-11-02T09:59:00Z'),
  details: { ticket: 'OPS-1' },
  reportedBy: { tokenId: 'tok', tokenName: 'console' },
};

describe('consoleActionEvent', () => {
  it('builds a CONSOLE_ACTION with the console time, Grantdesk time and reporting token', () => {
    expect(consoleActionEvent(input, receivedAt)).toEqual({
      id: '',
      type: 'CONSOLE_ACTION',
      severity: 'MEDIUM',
      actor: input.actor,
      occurredAt: input.occurredAt,
      tenant: 'acme',
      grantId: null,
      before: { status: 'active' },
      after: { status: 'suspended' },
      ipAddress: '192.0.2.1',
      userAgent: 'Console/1',
      details: { ticket: 'OPS-1', action: 'tenant.suspend', receivedAt, reportedBy: input.reportedBy },
    });
  });

  it('keeps the console’s id and defaults the time to receipt', () => {
    const event = consoleActionEvent(
      { ...input, id: 'e5f1c0de-0000-4000-8000-000000000001', occurredAt: null },
      receivedAt,
    );
    expect(event.id).toBe('e5f1c0de-0000-4000-8000-000000000001');
    expect(event.occurredAt).toEqual(receivedAt);
  });

  it.each([...KNOWN_CONSOLE_ACTIONS, 'tenant.rename', 'sso.saml.rotate_cert'])('accepts %s', (action) => {
    expect(consoleActionEvent({ ...input, action }, receivedAt).details.action).toBe(action);
  });

  it.each(['suspend', 'Tenant.Suspend', 'tenant.', '.suspend', 'tenant suspend', `tenant.${'x'.repeat(60)}`])(
    'refuses %s naming the field',
    (action) => {
      expect(() => consoleActionEvent({ ...input, action }, receivedAt)).toThrow(
        expect.objectContaining({ code: 'invalid_input', details: { field: 'action' } }),
      );
    },
  );

  it('refuses a time more than five minutes ahead of Grantdesk’s clock', () => {
    const skewed = new Date(receivedAt.getTime() + 5 * 60_000);
    expect(consoleActionEvent({ ...input, occurredAt: skewed }, receivedAt).occurredAt).toEqual(skewed);
    expect(() => consoleActionEvent({ ...input, occurredAt: new Date(skewed.getTime() + 1) }, receivedAt)).toThrow(
      /occurredAt: is in the future/,
    );
  });
});

describe('the JSON fields of a console action', () => {
  it(`refuses one deeper than ${MAX_JSON_DEPTH} levels or longer than ${MAX_JSON_LENGTH} characters, naming it`, () => {
    let deep: Record<string, unknown> = {};
    for (let i = 1; i <= MAX_JSON_DEPTH; i += 1) deep = { a: deep };
    const long = { blob: 'x'.repeat(MAX_JSON_LENGTH) };
    for (const field of ['details', 'before', 'after'] as const) {
      for (const value of [deep, long]) {
        expect(() => consoleActionEvent({ ...input, [field]: value }, receivedAt), field).toThrow(
          expect.objectContaining({ code: 'json_too_large', details: { field } }),
        );
      }
    }
    expect(() =>
      consoleActionEvent({ ...input, details: (deep as { a: Record<string, unknown> }).a }, receivedAt),
    ).not.toThrow();
  });

  it('refuses an occurredAt before 2000', () => {
    expect(() => consoleActionEvent({ ...input, occurredAt: new Date('1999-12-31T23:59:59Z') }, receivedAt)).toThrow(
      expect.objectContaining({ code: 'invalid_time', details: { field: 'occurredAt' } }),
    );
  });
});
