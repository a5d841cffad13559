/**
 * tenants.yaml: a map from tenant id to its attributes, e.g. `acme: {tier: regulated, region: eu, tags: [bank]}`.
 * Attributes become the Cedar entity's attributes: strings, whole numbers, booleans, lists (sets) and maps (records).
 */
import { type CedarValueJson, checkParseEntities, type EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { IDENTIFIER_PATTERN } from '../domain/grant-policy.ts';
import type { PolicyProblem } from './cedar-policy-set.ts';

export type TenantAttributes = Record<string, CedarValueJson>;

/** What an unlisted tenant looks like to a policy (DESIGN.md §6). */
export const UNLISTED_TENANT: TenantAttributes = { tier: 'unlisted' };

export const TENANT_TYPE = 'Grantdesk::Tenant';

export function parseTenants(
  file: string,
  text: string,
):
  | { ok: true; tenants: Map<string, TenantAttributes>; lines: Map<string, number> }
  | { ok: false; problems: PolicyProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const problems: PolicyProblem[] = document.errors.map((error) => ({
    file,
    line: lineOf(error.pos[0]),
    message: error.message.split('\n')[0] ?? error.message,
  }));
  const tenants = new Map<string, TenantAttributes>();
  const lines = new Map<string, number>();
  const root = document.contents;
  if (problems.length === 0 && root !== null && !isMap(root)) {
    problems.push({
      file,
      line: 1,
      message: 'expected a map from tenant id to attributes, like acme: {tier: standard}',
    });
  }
  if (problems.length === 0 && isMap(root)) {
    for (const pair of root.items) {
      const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      const id = String(key?.value ?? '');
      const line = lineOf(key?.range?.[0]);
      if (!IDENTIFIER_PATTERN.test(id)) {
        problems.push({ file, line, message: `"${id}" is not a tenant id: letters, digits and . _ @ + - only` });
        continue;
      }
      if (!isMap(pair.value)) {
        problems.push({ file, line, message: `tenant "${id}": expected attributes like {tier: standard, region: eu}` });
        continue;
      }
      tenants.set(id, pair.value.toJSON() as TenantAttributes);
      lines.set(id, line);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tenants, lines };
}

/** Checks every tenant's attributes against the schema's Tenant type (kinds of values, required attributes). */
export function tenantSchemaProblems(
  file: string,
  tenants: ReadonlyMap<string, TenantAttributes>,
  lines: ReadonlyMap<string, number>,
  schema: string,
): PolicyProblem[] {
  const entities: EntityJson[] = [...tenants].map(([id, attrs]) => ({
    uid: { type: TENANT_TYPE, id },
    attrs,
    parents: [],
  }));
  const answer = checkParseEntities({ entities, schema });
  if (answer.type === 'success') return [];
  // Cedar names the entity in its message; its line is where tenants.yaml lists it.
  return answer.errors.map((error) => {
    const id = /Tenant::"([^"]+)"/.exec(error.message)?.[1];
    return { file, line: (id && lines.get(id)) || 1, message: error.message };
  });
}
