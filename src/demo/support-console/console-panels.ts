/**
 * What the support console page shows: a panel per grant the console may act under (or just lost), each saying
 * whether the middleware would let a request through right now. The answer is the middleware's own gate's, asked
 * again on every event of the stream and every second (an expiry is enforced by the gate's clock before Grantdesk's
 * job records it, and a lost stream makes the gate refuse), so the page follows the console, not the other way round.
 */
import type { AuditEvent, SessionEvent, SessionInfo } from '../../../clients/console/src/api-types.ts';
import type { GrantdeskClient } from '../../../clients/console/src/grantdesk-client.ts';
import type { SessionGate } from '../../../clients/console/src/session-gate.ts';
import { shortCodeOf } from '../../domain/short-code.ts';
import { type CutOff, cutOffBeforeEnd, cutOffOf } from './cut-off.ts';

/** Panels kept once their grant is over, so what was cut off, and why, stays in view. */
const MAX_ENDED_PANELS = 10;
/** How often each open panel asks the gate again without an event: the page is at most this late on an expiry. */
const RECHECK_MS = 1_000;
/** Grants active before the console started: the newest this many sessions are looked through for them. */
const INITIAL_SESSIONS = 100;

export interface ConsolePanel {
  sessionId: string;
  shortCode: string;
  tenant: string;
  targetUser: string | null;
  adminUser: string;
  ticketReference: string;
  ticketUrl: string;
  expiresAt: string | null;
  allowed: boolean;
  cutOff: CutOff | null;
  /** What the middleware answers a request under this grant right now: "403 session_not_active: …". */
  gate: string;
}

export interface ConsoleSnapshot {
  /** True while the gate's stream is open, i.e. its cache is kept current. */
  streaming: boolean;
  /** Newest first. */
  panels: ConsolePanel[];
}

export class ConsolePanels {
  private readonly panels = new Map<string, ConsolePanel>();
  private readonly endings = new Map<string, CutOff>();
  /** Ended sessions whose ending is being looked up: not judged meanwhile, so no half-known reason is shown. */
  private readonly explaining = new Set<string>();
  /** The latest judgement started per session: an older one that answers later is dropped. */
  private readonly turns = new Map<string, number>();
  private readonly stopListening: () => void;
  private readonly timer: NodeJS.Timeout;
  private loaded = false;

  constructor(
    private readonly client: GrantdeskClient,
    private readonly gate: SessionGate,
    private readonly changed: () => void,
  ) {
    this.stopListening = gate.onEvent((event) => void this.heard(event));
    this.timer = setInterval(() => void this.recheck(), RECHECK_MS);
    this.timer.unref();
    void this.recheck();
  }

  snapshot(): ConsoleSnapshot {
    return { streaming: this.gate.streaming, panels: [...this.panels.values()].reverse() };
  }

  close(): void {
    clearInterval(this.timer);
    this.stopListening();
  }

  private async heard(event: SessionEvent): Promise<void> {
    const { session } = event;
    // A replay after a pause (the seed's week, say) brings sessions long over: only those seen active get a panel.
    if (!this.panels.has(session.id)) {
      const over = session.expiresAt !== null && Date.parse(session.expiresAt) <= Date.now();
      if (event.type === 'session.ended' || over) return;
    }
    this.show(session);
    if (event.type === 'session.ended') {
      this.explaining.add(session.id);
      this.endings.set(session.id, await this.explainEnd(session));
      this.explaining.delete(session.id);
    }
    await this.judge(session.id);
  }

  private async recheck(): Promise<void> {
    if (!this.loaded && this.gate.streaming) await this.loadActive();
    const open = [...this.panels.keys()].filter((id) => !this.endings.has(id) && !this.explaining.has(id));
    await Promise.all(open.map((id) => this.judge(id)));
  }

  /** The grants already active when the console started (later ones arrive on the stream). */
  private async loadActive(): Promise<void> {
    try {
      const page = await this.client.listSessions({ page: 0, size: INITIAL_SESSIONS });
      for (const session of [...page.content].reverse()) if (session.status === 'ACTIVE') this.show(session);
      this.loaded = true;
    } catch {
      // Grantdesk paused or restarting: the next recheck tries again.
    }
  }

  private show(session: SessionInfo): void {
    const known = this.panels.get(session.id);
    if (known) {
      known.expiresAt = session.expiresAt ?? known.expiresAt;
      return;
    }
    this.panels.set(session.id, {
      sessionId: session.id,
      shortCode: shortCodeOf(session.id),
      tenant: session.tenant,
      targetUser: session.targetUser,
      adminUser: session.adminUser,
      ticketReference: session.ticketReference,
      ticketUrl: session.ticketUrl,
      expiresAt: session.expiresAt,
      allowed: false,
      cutOff: null,
      gate: 'checking…',
    });
    this.dropOldEnded();
    this.changed();
  }

  /** Who ended a FORCED session (an approver, or the closed ticket) is in its IMPERSONATION_END event. */
  private async explainEnd(session: SessionInfo): Promise<CutOff> {
    if (session.endReason !== 'FORCED' || !session.endTime) return cutOffOf(session);
    let ending: AuditEvent | undefined;
    try {
      const page = await this.client.listAuditEvents({
        type: 'IMPERSONATION_END',
        tenant: session.tenant,
        start: session.endTime,
        end: new Date(Date.parse(session.endTime) + 1).toISOString(),
      });
      ending = page.events.find((event) => event.grantId === session.id);
    } catch {
      // Said without who ended it.
    }
    return cutOffOf(session, ending);
  }

  /** Asks the middleware's gate, as a request under this grant would, and shows its answer. */
  private async judge(sessionId: string): Promise<void> {
    const turn = (this.turns.get(sessionId) ?? 0) + 1;
    this.turns.set(sessionId, turn);
    const decision = await this.gate.decide(sessionId);
    const panel = this.panels.get(sessionId);
    if (!panel || this.turns.get(sessionId) !== turn) return;
    const before = JSON.stringify(panel);
    if (decision.allowed) {
      const { tenant, targetUser, expiresAt } = decision.check;
      Object.assign(panel, {
        allowed: true,
        cutOff: null,
        expiresAt,
        gate: `200: acting as ${targetUser ? `${targetUser} on ` : ''}${tenant}`,
      });
    } else {
      panel.allowed = false;
      panel.cutOff = this.endings.get(sessionId) ?? cutOffBeforeEnd(decision.status, panel.expiresAt, Date.now());
      panel.gate = `${decision.status} ${decision.code}: ${decision.message}`;
    }
    if (JSON.stringify(panel) !== before) this.changed();
  }

  private dropOldEnded(): void {
    const ended = [...this.panels.keys()].filter((id) => this.endings.has(id));
    for (const id of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_PANELS))) {
      this.panels.delete(id);
      this.endings.delete(id);
      this.turns.delete(id);
    }
  }
}
