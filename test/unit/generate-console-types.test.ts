/** The JSON Schema → TypeScript rules of scripts/generate-console-types.ts, on the shapes zod writes. */
import { describe, expect, it } from 'vitest';
import { typeOf } from '../../scripts/generate-console-types.ts';

describe('typeOf', () => {
  it('reads scalars, nullable types, enums, constants and references', () => {
    expect(typeOf({ type: 'string', format: 'uuid' })).toBe('string');
    expect(typeOf({ type: 'integer', minimum: 0 })).toBe('number');
    expect(typeOf({ type: ['string', 'null'] })).toBe('string | null');
    expect(typeOf({ type: 'string', enum: ['read', 'write'] })).toBe('"read" | "write"');
    expect(typeOf({ type: 'boolean', const: true })).toBe('true');
    expect(typeOf({ $ref: '#/components/schemas/SessionInfo' })).toBe('SessionInfo');
    expect(typeOf({})).toBe('unknown');
  });

  it('joins alternatives, each inheriting what its parent says (zod narrows a string by format this way)', () => {
    expect(typeOf({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] })).toBe('string | null');
    expect(typeOf({ type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })).toBe('string');
    expect(typeOf({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
  });

  it('writes arrays, records and objects with their optional members, descriptions and extra fields', () => {
    expect(typeOf({ type: 'array', items: { type: ['string', 'null'] } })).toBe('(string | null)[]');
    expect(typeOf({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} })).toBe(
      'Record<string, unknown>',
    );
    const object = {
      type: 'object',
      properties: { id: { type: 'string', description: 'The id.' }, note: { type: 'string' } },
      required: ['id'],
      additionalProperties: false,
    };
    expect(typeOf(object)).toBe('{\n  /** The id. */\n  id: string;\n  note?: string;\n}');
    expect(typeOf({ ...object, additionalProperties: { type: 'number' } })).toBe(
      '{\n  /** The id. */\n  id: string;\n  note?: string;\n  [field: string]: number;\n}',
    );
  });
});
