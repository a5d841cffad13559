import { ErrorCode, GrantdeskError } from './errors.ts';

export const API_SCOPES = ['admin', 'audit:read', 'audit:write', 'sessions:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiToken {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** A token bound to a tenant sees and touches only that tenant. */
  tenant: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** `a,b` → scopes, refusing unknown ones by name. */
export function parseScopes(text: string): ApiScope[] {
  const scopes = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      `${unknown.length ? `unknown scope ${unknown.join(', ')}` : 'no scope given'}: use one or more of ${API_SCOPES.join(', ')}`,
      { field: 'scopes' },
    );
  }
  return scopes as ApiScope[];
}

/** Whether a token may do what needs one of `accepted`; admin may do everything. */
export function hasScope(token: Pick<ApiToken, 'scopes'>, accepted: readonly ApiScope[]): boolean {
  return token.scopes.includes('admin') || accepted.some((scope) => token.scopes.includes(scope));
}

/** Why a presented token may not be used now, or null when it may. */
export function tokenRefusal(token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, at: Date): string | null {
  if (token.revokedAt) return 'this API token was revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= at.getTime()) return 'this API token has expired';
  return null;
}
