/**
 * Turns policy files into a checked policy set: each policy with its id (its @id annotation, else `policy<N>` by
 * position across the files in name order), effect, annotations, file and line; every problem with its file and line.
 * Parsing and validation are Cedar's (@cedar-policy/cedar-wasm); ids, routing annotations and line numbers are ours.
 */
import {
  checkParseSchema,
  type DetailedError,
  policySetTextToParts,
  policyToJson,
  validate,
} from '@cedar-policy/cedar-wasm/nodejs';
import type { DeterminingPolicy } from '../domain/policy/access-policy.ts';
import { routingAnnotationProblems } from '../domain/policy/policy-routing.ts';

export interface PolicySource {
  file: string;
  text: string;
}

export interface CompiledPolicy extends DeterminingPolicy {
  text: string;
  /** The action ids its scope names, or null when it applies to every action. */
  actions: string[] | null;
}

export interface PolicyProblem {
  file: string;
  line: number;
  message: string;
}

export type CompileResult = { ok: true; policies: CompiledPolicy[] } | { ok: false; problems: PolicyProblem[] };

/** Cedar reports byte offsets; lines are counted in the same bytes. */
export function lineAt(text: string, offset: number): number {
  const bytes = Buffer.from(text, 'utf8').subarray(0, offset);
  let line = 1;
  for (const byte of bytes) if (byte === 10) line += 1;
  return line;
}

function problemsOf(errors: DetailedError[], file: string, text: string, baseLine = 1): PolicyProblem[] {
  return errors.map((error) => {
    const at = error.sourceLocations?.[0];
    const line = at ? baseLine + lineAt(text, at.start) - 1 : baseLine;
    const label = at?.label ? ` (${at.label})` : '';
    const help = error.help ? `; ${error.help}` : '';
    return { file, line, message: `${error.message}${label}${help}` };
  });
}

/** Splits one file into its policies, in the order written, each with its line. */
function splitFile(source: PolicySource): { parts: { text: string; line: number }[]; problems: PolicyProblem[] } {
  const answer = policySetTextToParts(source.text);
  if (answer.type === 'failure') return { parts: [], problems: problemsOf(answer.errors, source.file, source.text) };
  const problems: PolicyProblem[] =
    answer.policy_templates.length > 0
      ? [{ file: source.file, line: 1, message: 'policy templates are not supported: write static policies' }]
      : [];
  // Cedar returns each policy's own text but not in file order: find each one in the file to order and place it.
  const claimed = new Set<number>();
  const located = answer.policies.map((text) => {
    let offset = source.text.indexOf(text);
    while (offset >= 0 && claimed.has(offset)) offset = source.text.indexOf(text, offset + 1);
    claimed.add(offset);
    return { text, offset: Math.max(offset, 0) };
  });
  located.sort((a, b) => a.offset - b.offset);
  const bytesBefore = (offset: number) => Buffer.byteLength(source.text.slice(0, offset));
  const parts = located.map(({ text, offset }) => ({ text, line: lineAt(source.text, bytesBefore(offset)) }));
  return { parts, problems };
}

/**
 * Parses, names and (with a schema) validates the policies of `sources`, taken in file-name order. Validation is
 * Cedar's strict mode: a policy that reads an attribute the schema does not declare, or compares a string with a
 * number, is a problem here rather than a silent non-match at decision time.
 */
export function compilePolicies(sources: PolicySource[], schema?: PolicySource): CompileResult {
  const problems: PolicyProblem[] = [];
  if (schema) {
    const parsed = checkParseSchema(schema.text);
    if (parsed.type === 'failure') problems.push(...problemsOf(parsed.errors, schema.file, schema.text));
  }
  const policies: CompiledPolicy[] = [];
  const ids = new Map<string, CompiledPolicy>();
  const ordered = [...sources].sort((a, b) => a.file.localeCompare(b.file));
  for (const source of ordered) {
    const split = splitFile(source);
    problems.push(...split.problems);
    for (const part of split.parts) {
      const json = policyToJson(part.text);
      if (json.type === 'failure') {
        problems.push(...problemsOf(json.errors, source.file, part.text, part.line));
        continue;
      }
      const annotations = { ...(json.json.annotations ?? {}) };
      const id = annotations.id ?? `policy${policies.length}`;
      const { effect, action } = json.json;
      const actions =
        action.op === '==' && 'entity' in action
          ? [uidId(action.entity)]
          : action.op === 'in'
            ? actionIdsIn(action)
            : null;
      const policy: CompiledPolicy = {
        ...{ id, effect, annotations, file: source.file, line: part.line },
        ...{ text: part.text, actions },
      };
      for (const message of routingAnnotationProblems(annotations)) {
        problems.push({ file: source.file, line: part.line, message: `policy "${id}": ${message}` });
      }
      const twin = ids.get(id);
      if (twin) {
        const message = `policy id "${id}" is also used at ${twin.file}:${twin.line}: give each policy its own @id`;
        problems.push({ file: source.file, line: part.line, message });
      }
      ids.set(id, policy);
      policies.push(policy);
    }
  }
  if (schema && problems.length === 0) problems.push(...validationProblems(policies, schema.text));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policies };
}

type EntityRef = { __entity: { id: string } } | { id: string };
const uidId = (uid: EntityRef) => ('__entity' in uid ? uid.__entity.id : uid.id);

/** `action in [A, B]` names A and B; `action in Group` (an action group) is taken as every action. */
function actionIdsIn(action: { entity: EntityRef } | { entities: EntityRef[] }): string[] | null {
  return 'entities' in action ? action.entities.map(uidId) : null;
}

/** The set as Cedar takes it: our ids, our texts. */
export function cedarPolicySet(policies: readonly CompiledPolicy[]): Record<string, string> {
  return Object.fromEntries(policies.map((policy) => [policy.id, policy.text]));
}

function validationProblems(policies: CompiledPolicy[], schema: string): PolicyProblem[] {
  const answer = validate({
    schema,
    policies: { staticPolicies: cedarPolicySet(policies) },
    validationSettings: { mode: 'strict' },
  });
  if (answer.type === 'failure') return answer.errors.map((error) => ({ file: '', line: 0, message: error.message }));
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  return answer.validationErrors.map(({ policyId, error }) => {
    const policy = byId.get(policyId);
    if (!policy) return { file: '', line: 0, message: error.message };
    const [problem] = problemsOf([error], policy.file, policy.text, policy.line);
    return { ...(problem as PolicyProblem), message: `policy "${policyId}": ${problem?.message}` };
  });
}
