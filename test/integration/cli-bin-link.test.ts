/**
 * `grantdesk` as an operator gets it: packed with `npm pack`, installed by npm from the tarball, and run through
 * the bin link npm makes (node_modules/.bin/grantdesk, which npx also runs), not through bin/grantdesk.js by path.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS } from '../support/run-cli.ts';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

/** Packing, copying the dependency tree and installing each take seconds on a busy two-core machine. */
const INSTALL_TIMEOUT_MS = 180_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    // A clean environment: no DATABASE_URL or .env of the checkout leaks into the installed command.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', npm_config_cache: npmCache() };
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The cache npm already filled when it installed this checkout: the install below reads it and nothing else. */
function npmCache(): string {
  return process.env.npm_config_cache ?? join(process.env.HOME ?? '/tmp', '.npm');
}

let root: string;
let app: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'grantdesk-install-'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', root, PROJECT], root);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = join(root, packed.stdout.trim().split('\n').at(-1) ?? '');

  // A project that already holds the checkout's dependencies at their locked versions, so that npm installs the
  // tarball from the local cache (--offline) in seconds instead of resolving 270 packages over the network.
  app = join(root, 'app');
  copyTree(join(PROJECT, 'node_modules'), join(app, 'node_modules'));
  // Named apart from the package it installs: npm refuses to install a package into one of the same name.
  const manifest = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, name: 'grantdesk-install-check' }));
  cpSync(join(PROJECT, 'package-lock.json'), join(app, 'package-lock.json'));
  const installed = await run(
    'npm',
    ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
    app,
  );
  expect(installed.code, installed.stderr).toBe(0);
}, INSTALL_TIMEOUT_MS);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/**
 * Hard links where the file system allows them (copies otherwise), symbolic links as they are. npm rewrites its
 * hidden lockfile in place, which through a hard link would rewrite the checkout's: that one is always copied.
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.name === '.package-lock.json') copyFileSync(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

// Each test starts one or two `grantdesk` processes, each loading the app: see CLI_TIMEOUT_MS.
describe('the installed grantdesk command', { timeout: CLI_TIMEOUT_MS }, () => {
  const bin = () => join(app, 'node_modules', '.bin', 'grantdesk');

  it('prints the usage through its bin link and through npx, exiting 0', async () => {
    const linked = await run(bin(), ['--help'], app);
    expect(linked.stderr).toBe('');
    expect(linked.stdout).toContain('Usage: grantdesk <command> [options]');
    expect(linked.stdout).toContain('token create --name N --scopes a,b');
    expect(linked.code).toBe(0);

    const viaNpx = await run('npx', ['--offline', 'grantdesk', '--help'], app);
    expect(viaNpx.stdout).toContain('Usage: grantdesk <command> [options]');
    expect(viaNpx.code).toBe(0);
  });

  it('runs the command it is given: serve names every setting it lacks and exits 1', async () => {
    const serve = await run(bin(), ['serve'], app);
    expect(serve.stderr).toContain('DATABASE_URL: required for grantdesk serve');
    expect(serve.stderr).toContain('JIRA_BASE_URL: required for grantdesk serve');
    expect(serve.code).toBe(1);
  });

  it('prints the usage and exits 2 for an unknown command or flag', async () => {
    const flag = await run(bin(), ['serve', '--bogus'], app);
    expect(flag.stderr).toMatch(/^Unknown option: --bogus\n\nUsage: grantdesk <command>/);
    expect(flag.code).toBe(2);

    const command = await run(bin(), ['frobnicate'], app);
    expect(command.stderr).toMatch(/^Unknown command: frobnicate\n\nUsage: grantdesk <command>/);
    expect(command.code).toBe(2);
  });

  it('runs as the package script too', async () => {
    const script = await run('npm', ['run', '--silent', 'grantdesk', '--', '--help'], PROJECT);
    expect(script.stdout).toContain('Usage: grantdesk <command> [options]');
    expect(script.code).toBe(0);
  });
});
