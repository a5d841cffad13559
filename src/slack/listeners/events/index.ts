import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.ts';
import { appHomeOpened } from './app-home-opened.ts';

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
