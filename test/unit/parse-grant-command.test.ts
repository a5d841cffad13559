import { describe, expect, it } from 'vitest';
import { parseGrantCommand } from '../../src/slack/parse-grant-command.ts';

describe('parseGrantCommand', () => {
  it('opens the modal when nothing follows /grant', () => {
    expect(parseGrantCommand('')).toEqual({ kind: 'open-modal' });
    expect(parseGrantCommand('   ')).toEqual({ kind: 'open-modal' });
  });

  it('reads an inline request in the documented order', () => {
    expect(parseGrantCommand('acme-corp:jane@acme.test OPS-123 1h30m Reproduce the billing bug')).toEqual({
      kind: 'request',
      tenant: 'acme-corp',
      targetUser: 'jane@acme.test',
      ticketKey: 'OPS-123',
      durationMs: 90 * 60_000,
      reason: 'Reproduce the billing bug',
    });
  });

  it('finds the ticket and duration wherever they stand, and keeps the reason in order', () => {
    expect(parseGrantCommand('Reproduce ops-7 acme 45m the export crash')).toEqual({
      kind: 'request',
      tenant: 'Reproduce',
      targetUser: null,
      ticketKey: 'OPS-7',
      durationMs: 45 * 60_000,
      reason: 'acme the export crash',
    });
    const withoutDuration = parseGrantCommand('acme OPS-9 look at the broken invoice run');
    expect(withoutDuration).toMatchObject({
      kind: 'request',
      durationMs: null,
      reason: 'look at the broken invoice run',
    });
  });

  it('only the first ticket-shaped and duration-shaped tokens are taken; later ones stay in the reason', () => {
    expect(parseGrantCommand('acme OPS-1 30m compare with OPS-2 over 2h')).toMatchObject({
      ticketKey: 'OPS-1',
      durationMs: 30 * 60_000,
      reason: 'compare with OPS-2 over 2h',
    });
  });

  it('refuses a number without a unit where the duration goes, asking which unit was meant', () => {
    expect(parseGrantCommand('acme OPS-1 45 Investigate the export')).toEqual({
      kind: 'invalid',
      message: '45 needs a unit: 45m or 45h?',
    });
    expect(parseGrantCommand('acme 8 OPS-1 Investigate the export')).toMatchObject({
      message: '8 needs a unit: 8m or 8h?',
    });
    // Numbers in the reason stay in the reason.
    expect(parseGrantCommand('acme OPS-1 Investigate the 45 failed exports')).toMatchObject({
      kind: 'request',
      durationMs: null,
      reason: 'Investigate the 45 failed exports',
    });
    expect(parseGrantCommand('acme OPS-1 45m Investigate 2 exports')).toMatchObject({
      reason: 'Investigate 2 exports',
    });
  });

  it('says what is missing from an inline request', () => {
    expect(parseGrantCommand('acme 30m no ticket here')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Give the Jira ticket'),
    });
    expect(parseGrantCommand('OPS-1 30m')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Say which tenant'),
    });
    expect(parseGrantCommand('acme OPS-1')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Say why'),
    });
  });

  it('reads the subcommands', () => {
    expect(parseGrantCommand('help')).toEqual({ kind: 'help' });
    expect(parseGrantCommand('LIST')).toEqual({ kind: 'list' });
    expect(parseGrantCommand('stats')).toEqual({ kind: 'stats' });
    expect(parseGrantCommand('end G-7K3M9Q')).toEqual({ kind: 'end', grant: 'G-7K3M9Q' });
    expect(parseGrantCommand('cancel 7k3m9q')).toEqual({ kind: 'cancel', grant: '7k3m9q' });
    expect(parseGrantCommand('revoke G-7K3M9Q customer asked us to stop')).toEqual({
      kind: 'revoke',
      grant: 'G-7K3M9Q',
      reason: 'customer asked us to stop',
    });
    expect(parseGrantCommand('extend G-7K3M9Q 30m migration still running')).toEqual({
      kind: 'extend',
      grant: 'G-7K3M9Q',
      durationMs: 30 * 60_000,
      reason: 'migration still running',
    });
  });

  it('refuses subcommands missing their arguments, saying the form to use', () => {
    expect(parseGrantCommand('end')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('/grant end <id>'),
    });
    expect(parseGrantCommand('revoke G-7K3M9Q')).toMatchObject({ kind: 'invalid' });
    expect(parseGrantCommand('extend G-7K3M9Q soon please')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('/grant extend <id> <duration like 30m> <reason>'),
    });
  });

  it('reads /grant audit with an optional tenant and date, and refuses impossible dates', () => {
    expect(parseGrantCommand('audit')).toEqual({ kind: 'audit', tenant: null, since: null });
    expect(parseGrantCommand('audit acme 2026-01-31')).toEqual({
      kind: 'audit',
      tenant: 'acme',
      since: new Date('2026-01-31T00:00:00Z'),
    });
    expect(parseGrantCommand('audit 2026-02-01')).toEqual({
      kind: 'audit',
      tenant: null,
      since: new Date('2026-02-01T00:00:00Z'),
    });
    expect(parseGrantCommand('audit acme 2026-02-30')).toMatchObject({ kind: 'invalid' });
    expect(parseGrantCommand('audit acme globex')).toMatchObject({ kind: 'invalid' });
  });
});

describe('access level', () => {
  it('asks for write access with --write anywhere in an inline request, and read access without it', () => {
    expect(parseGrantCommand('acme-corp OPS-123 --write 1h Fix the broken invoice template')).toEqual({
      kind: 'request',
      tenant: 'acme-corp',
      targetUser: null,
      ticketKey: 'OPS-123',
      durationMs: 3_600_000,
      reason: 'Fix the broken invoice template',
      accessLevel: 'write',
    });
    expect(parseGrantCommand('--WRITE acme-corp OPS-123 Fix the broken invoice template')).toMatchObject({
      tenant: 'acme-corp',
      accessLevel: 'write',
    });
    expect(parseGrantCommand('acme-corp OPS-123 Look at the invoice template')).not.toHaveProperty('accessLevel');
  });
});
