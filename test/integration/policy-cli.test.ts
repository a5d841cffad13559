import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';

const EXAMPLES = new URL('../../examples/policy/', import.meta.url).pathname;
const DOC = new URL('../../docs/policy.md', import.meta.url);

/** What `grantdesk …` prints to stdout (lines) and stderr (errors), with the example folder as POLICY_DIR. */
async function grantdesk(args: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await runCli(args, {
    out: (line) => lines.push(...line.split('\n')),
    err: (text) => errors.push(text),
    env: { POLICY_DIR: EXAMPLES, APPROVER_CHANNEL_ID: 'C0APPROVAL' },
    cwd: '/',
  });
  return { code, lines, errors };
}

describe('grantdesk policy explain', () => {
  it('answers every example in docs/policy.md as the doc shows', async () => {
    const doc = await readFile(DOC, 'utf8');
    const examples = [...doc.matchAll(/```console\n\$ grantdesk (policy explain [^\n]+)\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const [, command, expected] of examples) {
      const { code, lines } = await grantdesk((command as string).split(' '));
      expect({ command, code, lines }).toEqual({ command, code: 0, lines: (expected as string).trimEnd().split('\n') });
    }
  });

  it('says what is missing', async () => {
    const { code, errors } = await grantdesk(['policy', 'explain', '--tenant', 'acme', '--duration', '2h']);
    expect(code).toBe(2);
    expect(errors[0]).toContain('policy explain needs --requester U0123ABCD');
  });
});

describe('grantdesk policy check', () => {
  it('accepts the example folder and prints its hash', async () => {
    const { code, lines } = await grantdesk(['policy', 'check']);
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/: 9 policies, 11 tenants, valid \(sha256 [0-9a-f]{64}\)$/)]);
  });

  it('exits 1 naming the file, the line and the problem', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'grantdesk-policy-'));
    await writeFile(
      join(directory, 'schema.cedarschema'),
      await readFile(join(EXAMPLES, 'schema.cedarschema'), 'utf8'),
    );
    await writeFile(
      join(directory, 'a.cedar'),
      '@id("ok")\npermit (principal, action, resource);\n\n@id("typo")\nforbid (principal, action == Grantdesk::Action::"request", resource)\nwhen { context.acessLevel == "write" };\n',
    );
    const { code, lines } = await grantdesk(['policy', 'check', '--dir', directory]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^a\.cedar:6: policy "typo": .*acessLevel/),
      '1 problem(s): the policy set was not loaded.',
    ]);
  });
});
