#!/usr/bin/env node
/**
 * `npm test`: the typecheck, the lint and the whole Vitest suite, as one gate that fails if any of them fails.
 *
 * The typecheck and the lint run beside the suite rather than before it: the typecheck is one core's work for about
 * 20 s and the lint a few seconds more, which on two cores overlap with the suite's first files instead of
 * delaying all of them. Their output is held until they finish, so it never interleaves with the suite's; Vitest's
 * own output streams as usual. Arguments go to Vitest (`npm test -- test/unit`).
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs an npm script with its output kept, for printing once it is done. */
function quietly(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output }));
  });
}

function vitest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const checks = Promise.all([quietly('typecheck'), quietly('lint')]);
const suite = await vitest(process.argv.slice(2));
let failed = suite !== 0;
for (const { script, code, output } of await checks) {
  if (code === 0) {
    console.log(`npm run ${script}: passed`);
    continue;
  }
  failed = true;
  console.error(`\nnpm run ${script}: FAILED (exit ${code})\n${output}`);
}
process.exit(failed ? 1 : 0);
