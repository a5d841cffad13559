import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Router } from 'express';
import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import { readerOf, requireScope, tokenOf } from './api-auth.ts';
import { type ApiDeps, DEFAULT_API_LIMITS } from './api-deps.ts';
import { consoleActionBody, eventsQuery, exportQuery } from './audit-schemas.ts';
import { encodeEventCursor } from './event-cursor.ts';
import { ExportSlots } from './export-slots.ts';
import { parseInput } from './parse-input.ts';

/** A running export of a month of trail takes seconds; asking again after a few is the right pace. */
const EXPORT_RETRY_AFTER_SECONDS = 5;

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;
const fileTime = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/:/g, '');

/** DESIGN.md §3, /api/v1/audit/…: console actions in, the raw trail and its export out. */
export function auditRoutes({ services, logger, limits }: ApiDeps): Router {
  const router = express.Router();
  const exportSlots = new ExportSlots({
    overall: limits?.overall ?? DEFAULT_API_LIMITS.overall,
    perToken: limits?.perToken ?? DEFAULT_API_LIMITS.perToken,
  });

  router.post('/api/v1/audit/events', requireScope('audit:write'), async (req, res) => {
    const body = parseInput(consoleActionBody, req.body, 'body');
    const token = tokenOf(res);
    const { event, duplicate } = await services.recordConsoleAction({
      reporterTenant: token.tenant,
      id: body.id ?? null,
      actor: { kind: body.actor.kind, id: body.actor.id, email: body.actor.email ?? null },
      action: body.action,
      tenant: body.tenant,
      before: body.before ?? null,
      after: body.after ?? null,
      ipAddress: body.ipAddress ?? null,
      userAgent: body.userAgent ?? null,
      occurredAt: body.occurredAt ?? null,
      details: body.details ?? {},
      reportedBy: { tokenId: token.id, tokenName: token.name },
    });
    const { id, seq, hash, occurredAt } = event;
    res.status(duplicate ? 200 : 201).json({ id, seq, hash, occurredAt, duplicate });
  });

  router.get('/api/v1/audit/events', requireScope('audit:read'), async (req, res) => {
    const { cursor: afterSeq = 0, limit, tenant, type, ...rest } = parseInput(eventsQuery, req.query, 'query');
    const filter = { ...rest, types: type, tenant };
    const { events, more } = await services.listAuditEvents({ reader: readerOf(res), filter, afterSeq, limit });
    const last = events[events.length - 1];
    res.json({ events, nextCursor: more && last ? encodeEventCursor(last.seq) : null });
  });

  router.get('/api/v1/audit/export', requireScope('audit:read'), async (req, res) => {
    const { start, end, format, tenant } = parseInput(exportQuery, req.query, 'query');
    const chunks = await services.exportAudit({ reader: readerOf(res), filter: { start, end, tenant }, format });
    const slot = exportSlots.acquire(tokenOf(res).id);
    if ('refused' in slot) {
      const who = slot.refused === 'token' ? 'this token already has' : 'Grantdesk already has';
      throw new GrantdeskError(
        ErrorCode.RateLimited,
        `${who} as many audit exports running as allowed; try again soon`,
        {
          retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
        },
      );
    }
    res.once('close', slot.release);
    res.status(200).set({
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="grantdesk-audit-${fileTime(start)}-${fileTime(end)}.${format}"`,
      'Cache-Control': 'no-store',
    });
    try {
      // pipeline waits for the client to drain each chunk, and stops reading the trail if the client goes away.
      // highWaterMark 1: at most one batch is read ahead of what the client has taken, so memory per export stays at
      // a batch or two however slow the client (object mode would otherwise buffer 16 batches).
      await pipeline(Readable.from(chunks, { highWaterMark: 1 }), res);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        logger.error({ err: error }, 'audit export failed part-way; the client got a truncated file');
      }
    } finally {
      slot.release();
    }
  });
  return router;
}
