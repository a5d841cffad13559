/**
 * Short codes: `G-` and six Crockford base-32 characters (30 bits) taken from the start of the grant's UUID.
 * Crockford's alphabet has no I, L, O or U, so codes read aloud and typed by hand survive. 30 bits collide
 * eventually (after tens of thousands of grants), so the store keeps them unique and a colliding id is redrawn.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHORT_CODE_PATTERN = /^G-[0-9A-HJKMNP-TV-Z]{6}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function shortCodeOf(id: string): string {
  const bits = Number.parseInt(id.replace(/-/g, '').slice(0, 8), 16) >>> 2; // 32 bits → the top 30
  let code = '';
  for (let shift = 25; shift >= 0; shift -= 5) code += ALPHABET[(bits >>> shift) & 31];
  return `G-${code}`;
}

export type GrantReference = { kind: 'id'; id: string } | { kind: 'short-code'; shortCode: string };

/** Reads what a person typed as a grant id: a full UUID or a short code (case and a missing `G-` forgiven). */
export function parseGrantReference(text: string): GrantReference | undefined {
  const trimmed = text.trim();
  if (UUID_PATTERN.test(trimmed.toLowerCase())) return { kind: 'id', id: trimmed.toLowerCase() };
  const upper = trimmed.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  const code = upper.startsWith('G-') ? upper : `G-${upper}`;
  return SHORT_CODE_PATTERN.test(code) ? { kind: 'short-code', shortCode: code } : undefined;
}
