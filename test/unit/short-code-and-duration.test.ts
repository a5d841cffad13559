import { describe, expect, it } from 'vitest';
import { formatDuration, isDurationToken, parseDuration } from '../../src/domain/duration.ts';
import { parseGrantReference, shortCodeOf } from '../../src/domain/short-code.ts';

const UUID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('shortCodeOf', () => {
  it('takes the top 30 bits of the id in Crockford base 32', () => {
    // 0x7c9e6679 → top 30 bits 01111 10010 01111 00110 01100 11110 → 15 18 15 6 12 30 → F J F 6 C Y.
    expect(shortCodeOf(UUID)).toBe('G-FJF6CY');
    expect(shortCodeOf('00000000-0000-4000-8000-000000000000')).toBe('G-000000');
    expect(shortCodeOf('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe('G-ZZZZZZ');
    expect(shortCodeOf('7fffffff-0000-4000-8000-000000000000')).toBe('G-FZZZZZ');
    // The lowest two bits of the first 32 are dropped: 0x20 >>> 2 = 8; 0x23 gives the same code.
    expect(shortCodeOf('00000020-0000-4000-8000-000000000000')).toBe('G-000008');
    expect(shortCodeOf('00000023-0000-4000-8000-000000000000')).toBe('G-000008');
  });

  it('depends only on the first eight hex digits', () => {
    expect(shortCodeOf('7c9e6679-0000-4000-8000-000000000000')).toBe(shortCodeOf(UUID));
    expect(shortCodeOf('7c9e6678-7425-40de-944b-e07fc1f90ae7')).toBe('G-FJF6CY');
    expect(shortCodeOf('7c9e6675-7425-40de-944b-e07fc1f90ae7')).toBe('G-FJF6CX');
  });

  it('is deterministic and always G- plus six characters without I, L, O or U', () => {
    const ids = [
      UUID,
      '123e4567-e89b-42d3-a456-426614174000',
      'a3bb189e-8bf9-4888-9912-ace4e6543002',
      'deadbeef-0000-4000-8000-000000000000',
      '9b2c1d3e-4f5a-4b6c-8d7e-8f9a0b1c2d3e',
    ];
    for (const id of ids) {
      expect(shortCodeOf(id)).toMatch(/^G-[0-9A-HJKMNP-TV-Z]{6}$/);
      expect(shortCodeOf(id)).toBe(shortCodeOf(id));
    }
  });

  it('is read back by parseGrantReference', () => {
    expect(parseGrantReference(shortCodeOf(UUID))).toEqual({ kind: 'short-code', shortCode: 'G-FJF6CY' });
  });
});

describe('parseGrantReference', () => {
  it('reads a full UUID, lowercasing it and trimming around it', () => {
    expect(parseGrantReference(UUID)).toEqual({ kind: 'id', id: UUID });
    expect(parseGrantReference(`  ${UUID.toUpperCase()} `)).toEqual({ kind: 'id', id: UUID });
  });

  it('reads a short code with or without G-, in any case', () => {
    for (const text of ['G-7K3M9Q', '7K3M9Q', 'g-7k3m9q', '7k3m9q', '  G-7K3M9Q  ']) {
      expect(parseGrantReference(text)).toEqual({ kind: 'short-code', shortCode: 'G-7K3M9Q' });
    }
  });

  it('forgives I and L typed for 1 and O typed for 0', () => {
    expect(parseGrantReference('G-I0L0O1')).toEqual({ kind: 'short-code', shortCode: 'G-101001' });
    expect(parseGrantReference('i0l0o1')).toEqual({ kind: 'short-code', shortCode: 'G-101001' });
    expect(parseGrantReference('G-7K3M9O')).toEqual({ kind: 'short-code', shortCode: 'G-7K3M90' });
  });

  it('refuses garbage', () => {
    for (const text of [
      '',
      '   ',
      'G-',
      'G-7K3M9',
      'G-7K3M9QQ',
      '7K3M9',
      'G-7K3M9U',
      'G7K3M9Q',
      'G-7K3-9Q',
      'hello world',
      'OPS-123',
      '7c9e6679-7425-40de-944b-e07fc1f90ae',
      '7c9e6679742540de944be07fc1f90ae7',
      'zc9e6679-7425-40de-944b-e07fc1f90ae7',
    ]) {
      expect(parseGrantReference(text), text).toBeUndefined();
    }
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and combinations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1d2h3m4s')).toBe(86_400_000 + 7_200_000 + 180_000 + 4_000);
    expect(parseDuration('90m')).toBe(5_400_000);
  });

  it('ignores case and surrounding spaces', () => {
    expect(parseDuration('  15m ')).toBe(900_000);
    expect(parseDuration('1H30M')).toBe(5_400_000);
  });

  it('refuses spaces inside, units out of order, and units without a number', () => {
    expect(parseDuration('1h 30m')).toBeUndefined();
    expect(parseDuration('15 m')).toBeUndefined();
    expect(parseDuration('30m1h')).toBeUndefined();
    expect(parseDuration('h')).toBeUndefined();
  });

  it('refuses zero, words, bare numbers, fractions, negatives and the empty string', () => {
    for (const text of ['0m', '0s', '0h0m', 'eight', '15', '1.5h', '-15m', '', '   ', '15min']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});

describe('formatDuration', () => {
  it('writes the shortest exact form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(172_800_000)).toBe('2d');
    expect(formatDuration(8 * 3_600_000)).toBe('8h');
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
    expect(formatDuration(86_400_000 + 60_000)).toBe('1d1m');
  });

  it('drops sub-second remainders and writes 0s for nothing', () => {
    expect(formatDuration(1_999)).toBe('1s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-60_000)).toBe('0s');
  });

  it('round-trips through parseDuration for whole seconds', () => {
    for (const ms of [1_000, 90_000, 900_000, 5_400_000, 28_800_000, 172_800_000, 90_061_000, 3_599_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    for (const text of ['45s', '15m', '1h30m', '2d', '1d2h3m4s']) {
      expect(formatDuration(parseDuration(text) ?? 0)).toBe(text);
    }
  });

  it('normalises what people type to its shortest form', () => {
    expect(formatDuration(parseDuration('90s') ?? 0)).toBe('1m30s');
    expect(formatDuration(parseDuration('90m') ?? 0)).toBe('1h30m');
    expect(formatDuration(parseDuration('3600s') ?? 0)).toBe('1h');
  });
});

describe('isDurationToken', () => {
  it('recognises duration-shaped tokens, whatever their value', () => {
    for (const token of ['15m', '1h30m', '2d', '90s', '0m', '15M']) {
      expect(isDurationToken(token), token).toBe(true);
    }
  });

  it('rejects words, tickets, tenants, bare numbers and anything with spaces or other units', () => {
    for (const token of ['eight', 'OPS-123', 'acme', 'h', 'm30', '15', '1h 30m', '15min', '1.5h', '', ' 15m']) {
      expect(isDurationToken(token), token).toBe(false);
    }
  });
});
