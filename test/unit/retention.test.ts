import { describe, expect, it } from 'vitest';
import { checkRetentionPolicy } from '../../src/domain/retention.ts';

describe('checkRetentionPolicy', () => {
  it('accepts a year and more', () => {
    expect(checkRetentionPolicy('acme', 365)).toEqual({ tenant: 'acme', days: 365 });
    expect(checkRetentionPolicy('acme', 3650)).toEqual({ tenant: 'acme', days: 3650 });
  });

  it('refuses less than 365 days with retention_too_short, and nonsense with invalid_input', () => {
    expect(() => checkRetentionPolicy('acme', 364)).toThrow(expect.objectContaining({ code: 'retention_too_short' }));
    expect(() => checkRetentionPolicy('acme', 36_501)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => checkRetentionPolicy('acme', 400.5)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => checkRetentionPolicy('not a tenant', 400)).toThrow(
      expect.objectContaining({ code: 'invalid_tenant' }),
    );
  });
});
