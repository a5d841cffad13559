/** Setup file: a failed test prints the recent logs of the apps it ran against (see app-log-tail.ts). */
import { beforeEach } from 'vitest';
import { openLogTails } from './app-log-tail.ts';

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    const logs = openLogTails();
    if (logs) process.stdout.write(`${logs}\n`);
  });
});
