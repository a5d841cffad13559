import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { grantCommand } from './grant-command.ts';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/grant', grantCommand(deps));
}
