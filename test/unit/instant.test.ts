import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/domain/instant.ts';

describe('parseInstant', () => {
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T08:00Z', '2026-01-31T08:00:00.000Z'],
    ['2026-01-31T08:00:00+01:00', '2026-01-31T07:00:00.000Z'],
    ['2026-01-31T08:00:00.123456Z', '2026-01-31T08:00:00.123Z'],
    [' 2026-01-31T08:00:00Z ', '2026-01-31T08:00:00.000Z'],
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-01-31T08:00:00',
    'yesterday',
    '2026-13-01',
    '2026-02-30',
    '2026-02-29T00:00Z',
    '2026-04-31',
    '1700000000',
    '',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
