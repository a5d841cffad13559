/**
 * Reads POLICY_DIR (DESIGN.md §6): `*.cedar` policies, `schema.cedarschema`, and `tenants.yaml`. Everything is checked
 * before anything is used; a folder with a problem yields the list of problems, each with its file and line.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CompiledPolicy, compilePolicies, type PolicyProblem, type PolicySource } from './cedar-policy-set.ts';
import { parseTenants, type TenantAttributes, tenantSchemaProblems } from './tenant-attributes.ts';

export const SCHEMA_FILE = 'schema.cedarschema';
export const TENANTS_FILE = 'tenants.yaml';

export interface LoadedPolicyFolder {
  policies: CompiledPolicy[];
  tenants: Map<string, TenantAttributes>;
  /** sha256 over every file's name and content, in name order. */
  hash: string;
  source: string;
}

export type FolderResult = { ok: true; folder: LoadedPolicyFolder } | { ok: false; problems: PolicyProblem[] };

export function hashSources(sources: readonly PolicySource[]): string {
  const hash = createHash('sha256');
  for (const { file, text } of [...sources].sort((a, b) => a.file.localeCompare(b.file))) {
    hash.update(file).update('\0').update(text).update('\0');
  }
  return hash.digest('hex');
}

export async function loadPolicyFolder(directory: string): Promise<FolderResult> {
  let names: string[];
  try {
    names = (await readdir(directory)).sort();
  } catch (error) {
    const message = `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return { ok: false, problems: [{ file: directory, line: 0, message }] };
  }
  const read = async (file: string): Promise<PolicySource> => ({
    file,
    text: await readFile(join(directory, file), 'utf8'),
  });
  const policyFiles = await Promise.all(names.filter((name) => name.endsWith('.cedar')).map(read));
  if (!names.includes(SCHEMA_FILE)) {
    const message = `${SCHEMA_FILE} is missing: the policies are validated against it`;
    return { ok: false, problems: [{ file: SCHEMA_FILE, line: 0, message }] };
  }
  if (policyFiles.length === 0) {
    const message = 'no *.cedar policy files: with none, every request would be refused';
    return { ok: false, problems: [{ file: directory, line: 0, message }] };
  }
  const schema = await read(SCHEMA_FILE);
  const tenantsFile = names.includes(TENANTS_FILE) ? await read(TENANTS_FILE) : { file: TENANTS_FILE, text: '' };

  const compiled = compilePolicies(policyFiles, schema);
  const tenants = parseTenants(tenantsFile.file, tenantsFile.text);
  const problems = [...(compiled.ok ? [] : compiled.problems), ...(tenants.ok ? [] : tenants.problems)];
  if (tenants.ok && problems.length === 0) {
    problems.push(...tenantSchemaProblems(tenantsFile.file, tenants.tenants, tenants.lines, schema.text));
  }
  if (!compiled.ok || !tenants.ok || problems.length > 0) return { ok: false, problems };
  const hash = hashSources([...policyFiles, schema, tenantsFile]);
  return { ok: true, folder: { policies: compiled.policies, tenants: tenants.tenants, hash, source: directory } };
}

export function formatProblem(problem: PolicyProblem): string {
  return problem.line > 0
    ? `${problem.file}:${problem.line}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}
