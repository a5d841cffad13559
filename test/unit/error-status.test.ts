import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { ERROR_STATUS, statusOf } from '../../src/http/error-status.ts';

describe('statusOf', () => {
  it('gives every error code a 4xx or 5xx status', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code], code).toBeLessThan(600);
    }
  });

  it.each([
    [ErrorCode.InvalidInput, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.GrantNotFound, 404],
    [ErrorCode.GrantNotActive, 409],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.ActionTooLong, 422],
    [ErrorCode.RetentionTooShort, 422],
    [ErrorCode.RateLimited, 429],
  ])('maps %s to %i', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });
});
