/** `grantdesk demo` as a child process, the way a newcomer starts it: in a folder of its own, on a port of the test's. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export class DemoProcess {
  /** Everything the demo wrote to stdout and stderr since it was last launched. */
  output = '';
  private child: ChildProcess | undefined;

  constructor(private readonly directory: string) {}

  /** Starts the demo on `port` (with `env` added to the environment); resolves with the URL it prints, rejects if it exits first. */
  launch(port: number, env: Record<string, string> = {}): Promise<string> {
    this.output = '';
    const child = spawn(process.execPath, [join(ROOT, 'bin/grantdesk.js'), 'demo'], {
      cwd: this.directory,
      // Never the default port: test files run side by side, and a person's demo may be using it.
      env: { ...process.env, LOG_LEVEL: 'warn', DEMO_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        const found = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(this.output);
        if (found) resolve(found[1]!);
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before it was up:\n${this.output}`)));
    });
  }

  /** SIGTERM, as Ctrl-C or a supervisor sends it; resolves with the exit code. */
  stop(): Promise<number | null> {
    const child = this.child;
    if (!child) return Promise.resolve(null);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  /** Whatever state it is in, it is gone (a test that failed half-way). */
  kill(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
