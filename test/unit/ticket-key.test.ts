import { describe, expect, it } from 'vitest';
import { isTicketKey, parseTicketKey, projectOfTicketKey } from '../../src/domain/ticket-key.ts';

describe('parseTicketKey', () => {
  it.each([
    ['OPS-123', 'OPS-123'],
    ['ops-123', 'OPS-123'],
    [' Sec-7 ', 'SEC-7'],
    ['A1-1', 'A1-1'],
    ['MY_PROJ-42', 'MY_PROJ-42'],
    ['ABC2-9999999', 'ABC2-9999999'],
  ])('reads %j as %s', (text, key) => {
    expect(parseTicketKey(text)).toBe(key);
    expect(isTicketKey(text)).toBe(true);
  });

  it.each([
    '',
    'OPS',
    'OPS-',
    '-123',
    'OPS123',
    'O-1',
    '1OPS-1',
    '_OPS-1',
    'OPS-0',
    'OPS-012',
    'OPS-1a',
    'OPS 123',
    'OPS-1-2',
    'OPS-1/../../myself',
    'ÖPS-1',
    '30m',
  ])('rejects %j', (text) => {
    expect(parseTicketKey(text)).toBeUndefined();
    expect(isTicketKey(text)).toBe(false);
  });
});

describe('projectOfTicketKey', () => {
  it('returns the part before the dash', () => {
    expect(projectOfTicketKey('OPS-123')).toBe('OPS');
    expect(projectOfTicketKey('MY_PROJ-1')).toBe('MY_PROJ');
  });
});
