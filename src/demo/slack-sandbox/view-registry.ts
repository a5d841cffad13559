/**
 * Trigger ids, each person's stack of open modals, and their Home tab, with Slack's rules: a trigger_id opens one
 * view, once, within its lifetime (3 s in Slack); at most three modals are stacked; `hash` guards against
 * overwriting a view someone else changed in between.
 */
import { randomBytes } from 'node:crypto';
import { withBlockIds } from './block-ids.ts';
import { SlackApiError } from './slack-api-error.ts';
import type { ApiArgs } from './web-api-request.ts';
import type { WorkspaceView } from './workspace-model.ts';

/** Slack's trigger_id lifetime: https://docs.slack.dev/interactivity/handling-user-interaction#modal_responses */
export const TRIGGER_LIFETIME_MS = 3000;
/** "You can only push up to 3 views into the view stack": https://docs.slack.dev/surfaces/modals#updating_views */
const MAX_STACKED_MODALS = 3;

interface Trigger {
  issuedAt: number;
  used: boolean;
  userId: string;
}

export interface ViewOwner {
  teamId: string;
  appId: string;
  botId: string;
}

export class ViewRegistry {
  private readonly triggers = new Map<string, Trigger>();
  private readonly modalStacks = new Map<string, WorkspaceView[]>();
  private readonly homeViews = new Map<string, WorkspaceView>();
  /** Every modal opened, closed ones included, as last updated: what a test looks back on. */
  private readonly everyModal = new Map<string, WorkspaceView>();
  private counter = 0;

  constructor(
    private readonly owner: ViewOwner,
    private readonly now: () => number,
    private readonly triggerLifetimeMs = TRIGGER_LIFETIME_MS,
  ) {}

  /** A trigger_id as Slack puts in a command or interaction payload from `userId`. */
  issueTrigger(userId: string): string {
    this.counter += 1;
    const id = `${this.counter}.${Math.floor(this.now() / 1000)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false, userId });
    return id;
  }

  /** Uses up a trigger and says whose it was; refused as Slack does when unknown, used or expired. */
  consumeTrigger(triggerId: unknown): string {
    if (typeof triggerId !== 'string' || triggerId === '') throw new SlackApiError('invalid_arguments');
    const trigger = this.triggers.get(triggerId);
    if (!trigger || trigger.used) throw new SlackApiError('invalid_trigger_id');
    if (this.now() - trigger.issuedAt > this.triggerLifetimeMs) throw new SlackApiError('expired_trigger_id');
    trigger.used = true;
    return trigger.userId;
  }

  open(userId: string, view: ApiArgs): WorkspaceView {
    const stored = this.store(view, this.nextViewId(), userId, null);
    this.modalStacks.set(userId, [stored]);
    return stored;
  }

  push(userId: string, view: ApiArgs): WorkspaceView {
    const stack = this.modalStacks.get(userId) ?? [];
    if (stack.length === 0) throw new SlackApiError('view_not_found');
    if (stack.length >= MAX_STACKED_MODALS) throw new SlackApiError('push_limit_reached');
    const stored = this.store(view, this.nextViewId(), userId, stack[stack.length - 1]!.id, stack[0]!.id);
    stack.push(stored);
    return stored;
  }

  /** Replaces a modal or Home tab found by view_id or external_id; a stale `hash` is refused. */
  update(target: { viewId?: unknown; externalId?: unknown; hash?: unknown }, view: ApiArgs): WorkspaceView {
    const existing = this.all().find((candidate) =>
      typeof target.viewId === 'string'
        ? candidate.id === target.viewId
        : typeof target.externalId === 'string' && candidate.external_id === target.externalId,
    );
    if (!existing) throw new SlackApiError('not_found');
    if (typeof target.hash === 'string' && target.hash !== existing.hash) throw new SlackApiError('hash_conflict');
    const stored = this.store(view, existing.id, existing.user_id, existing.previous_view_id, existing.root_view_id);
    this.replace(stored);
    return stored;
  }

  publishHome(userId: string, view: ApiArgs, hash: unknown): WorkspaceView {
    const existing = this.homeViews.get(userId);
    if (existing && typeof hash === 'string' && hash !== existing.hash) throw new SlackApiError('hash_conflict');
    const stored = this.store(view, existing?.id ?? this.nextViewId(), userId, null);
    this.homeViews.set(userId, stored);
    return stored;
  }

  /** The modal on top of a person's stack, if any. */
  topModal(userId: string): WorkspaceView | undefined {
    const stack = this.modalStacks.get(userId);
    return stack?.[stack.length - 1];
  }

  modalDepth(userId: string): number {
    return this.modalStacks.get(userId)?.length ?? 0;
  }

  /** Every modal opened so far, closed ones included, in the order opened, each as last updated. */
  modals(): WorkspaceView[] {
    return [...this.everyModal.values()];
  }

  home(userId: string): WorkspaceView | undefined {
    return this.homeViews.get(userId);
  }

  /** Home tabs, for saving the workspace between runs (modals and triggers do not outlive a session). */
  saved(): { counter: number; homes: WorkspaceView[] } {
    return { counter: this.counter, homes: [...this.homeViews.values()] };
  }

  restore(saved: { counter: number; homes: WorkspaceView[] }): void {
    this.counter = Math.max(this.counter, saved.counter);
    for (const home of saved.homes) this.homeViews.set(home.user_id, home);
  }

  find(viewId: string): WorkspaceView | undefined {
    return this.all().find((view) => view.id === viewId);
  }

  /** Closes the top modal (or every modal, when `all`); returns the views closed. */
  closeModal(userId: string, all = false): WorkspaceView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    const closed = all ? stack.splice(0) : stack.splice(-1);
    if (stack.length === 0) this.modalStacks.delete(userId);
    return closed;
  }

  /** Puts a modal response (`response_action: update`) in place of the top modal. */
  replaceTopModal(userId: string, view: ApiArgs): WorkspaceView {
    const top = this.topModal(userId);
    if (!top) throw new SlackApiError('view_not_found');
    const stored = this.store(view, top.id, userId, top.previous_view_id, top.root_view_id);
    this.replace(stored);
    return stored;
  }

  private all(): WorkspaceView[] {
    return [...[...this.modalStacks.values()].flat(), ...this.homeViews.values()];
  }

  private replace(view: WorkspaceView): void {
    if (this.homeViews.get(view.user_id)?.id === view.id) this.homeViews.set(view.user_id, view);
    const stack = this.modalStacks.get(view.user_id);
    const index = stack?.findIndex((candidate) => candidate.id === view.id) ?? -1;
    if (stack && index >= 0) stack[index] = view;
  }

  private nextViewId(): string {
    this.counter += 1;
    return `V${String(this.counter).padStart(9, '0')}`;
  }

  private store(
    view: ApiArgs,
    id: string,
    userId: string,
    previousViewId: string | null,
    rootViewId = id,
  ): WorkspaceView {
    const hash = `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
    const stored = viewRecord(this.owner, view, { id, userId, previousViewId, rootViewId, hash });
    if (stored.type === 'modal') this.everyModal.set(id, stored);
    return stored;
  }
}

/** A view as Slack stores and returns it: the app's view, with Slack's ids, hash and (random) block ids added. */
export function viewRecord(
  owner: ViewOwner,
  view: ApiArgs,
  place: { id: string; userId: string; previousViewId: string | null; rootViewId: string; hash: string },
): WorkspaceView {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id: place.id,
    team_id: owner.teamId,
    type: text(view.type),
    ...(view.title !== undefined ? { title: view.title } : {}),
    ...(view.submit !== undefined ? { submit: view.submit } : {}),
    ...(view.close !== undefined ? { close: view.close } : {}),
    blocks: withBlockIds(structuredClone((view.blocks as unknown[]) ?? [])),
    private_metadata: text(view.private_metadata),
    callback_id: text(view.callback_id),
    external_id: text(view.external_id),
    state: { values: {} },
    hash: place.hash,
    root_view_id: place.rootViewId,
    previous_view_id: place.previousViewId,
    notify_on_close: view.notify_on_close === true,
    clear_on_close: view.clear_on_close === true,
    app_id: owner.appId,
    bot_id: owner.botId,
    user_id: place.userId,
  };
}
