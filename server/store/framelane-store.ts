/**
 * Renders of the Framelane API (`/v1/renders`) and their idempotency keys. A render is created,
 * charged and (with an `Idempotency-Key`) remembered under its key in one transaction, so two
 * concurrent submissions with one key can never make two jobs, and two renders can never spend
 * the same credits.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction, nowIso, numberOrNull, textOrNull, type Db, type Row } from './database.js';
import type { KeysStore } from './keys-store.js';

export type FlRenderStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type FlProgressStage = 'downloading' | 'compositing' | 'encoding' | 'uploading';

/** The statuses after which a render never changes again. */
export const FL_TERMINAL_STATUSES: readonly FlRenderStatus[] = ['completed', 'failed', 'cancelled'];

export interface FlRenderRecord {
  /** Insertion order: the list's order and its cursor. */
  seq: number;
  /** `render_` + 26 characters (time-ordered, ULID-like). */
  id: string;
  ownerId: string;
  status: FlRenderStatus;
  /** The request body as JSON text (rendered from again after a restart). */
  body: string;
  outputFormat: string;
  /** File name of the artifact, with the format's extension. */
  outputFilename: string;
  metadata: Record<string, string>;
  webhookUrl: string | null;
  cost: number;
  progressPercent: number;
  progressStage: FlProgressStage | null;
  interruptions: number;
  /** The artifact, relative to the data folder, once completed. */
  outputPath: string | null;
  outputWidth: number | null;
  outputHeight: number | null;
  outputDuration: number | null;
  outputBytes: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  warnings: string[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export type NewFlRender = Pick<FlRenderRecord, 'ownerId' | 'body' | 'outputFormat' | 'metadata' | 'webhookUrl' | 'cost' | 'warnings'> & {
  /** File name without extension; default the render id. */
  outputName: string | undefined;
};

/** An `Idempotency-Key` of the request, with the hash of its canonical body. */
export interface IdempotencyClaim {
  key: string;
  bodyHash: string;
  /** Keys older than this many milliseconds are forgotten (24 h, digest §1.1). */
  windowMs: number;
}

export type CreateFlRenderResult =
  | { outcome: 'created'; render: FlRenderRecord }
  | { outcome: 'replayed'; render: FlRenderRecord }
  | { outcome: 'conflict'; renderId: string }
  | { outcome: 'insufficient-credits'; available: number };

function toRender(r: Row): FlRenderRecord {
  return {
    seq: Number(r.seq),
    id: String(r.id),
    ownerId: String(r.owner_id),
    status: String(r.status) as FlRenderStatus,
    body: String(r.body),
    outputFormat: String(r.output_format),
    outputFilename: String(r.output_filename),
    metadata: JSON.parse(String(r.metadata)) as Record<string, string>,
    webhookUrl: textOrNull(r.webhook_url),
    cost: Number(r.cost),
    progressPercent: Number(r.progress_percent),
    progressStage: textOrNull(r.progress_stage) as FlProgressStage | null,
    interruptions: Number(r.interruptions),
    outputPath: textOrNull(r.output_path),
    outputWidth: numberOrNull(r.output_width),
    outputHeight: numberOrNull(r.output_height),
    outputDuration: numberOrNull(r.output_duration),
    outputBytes: numberOrNull(r.output_bytes),
    errorCode: textOrNull(r.error_code),
    errorMessage: textOrNull(r.error_message),
    warnings: r.warnings ? (JSON.parse(String(r.warnings)) as string[]) : [],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    startedAt: textOrNull(r.started_at),
    completedAt: textOrNull(r.completed_at),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 Crockford base-32 characters: 48 bits of milliseconds, then 80 random bits (a ULID). */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i]! % 32];
  return time + rand;
}

export class FramelaneStore {
  constructor(private readonly db: Db, private readonly keys: KeysStore) {}

  /** A render by id, whoever owns it (internal use). */
  byId(id: string): FlRenderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM framelane_renders WHERE id = ?').get(id) as Row | undefined;
    return row ? toRender(row) : undefined;
  }

  /** A render of `ownerId`; undefined for a missing render and for another owner's. */
  get(ownerId: string, id: string): FlRenderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM framelane_renders WHERE id = ? AND owner_id = ?').get(id, ownerId) as Row | undefined;
    return row ? toRender(row) : undefined;
  }

  /**
   * The render an idempotency key holds for `ownerId` within its window: `replayed` when the body
   * is the same, `conflict` when it is not; undefined when the key is free.
   */
  claimed(ownerId: string, claim: IdempotencyClaim, nowMs = Date.now()): Extract<CreateFlRenderResult, { outcome: 'replayed' | 'conflict' }> | undefined {
    const held = this.db.prepare('SELECT * FROM framelane_idempotency WHERE owner_id = ? AND key = ?').get(ownerId, claim.key) as Row | undefined;
    if (!held || Number(held.created_at) <= nowMs - claim.windowMs) return undefined;
    const renderId = String(held.render_id);
    if (String(held.body_hash) !== claim.bodyHash) return { outcome: 'conflict', renderId };
    const existing = this.byId(renderId);
    return existing ? { outcome: 'replayed', render: existing } : undefined;
  }

  /**
   * Creates a queued render and debits its cost, or answers the render an idempotency key already
   * names (`replayed`; `conflict` when the body differs), all in one transaction.
   */
  create(input: NewFlRender, claim?: IdempotencyClaim): CreateFlRenderResult {
    return inTransaction(this.db, (): CreateFlRenderResult => {
      const nowMs = Date.now();
      const held = claim ? this.claimed(input.ownerId, claim, nowMs) : undefined;
      if (held) return held;
      const available = this.keys.balance(input.ownerId);
      if (available < input.cost) return { outcome: 'insufficient-credits', available };
      const id = `render_${ulid(nowMs)}`;
      const now = new Date(nowMs).toISOString();
      this.db.prepare(`INSERT INTO framelane_renders (id, owner_id, status, body, output_format, output_filename, metadata, webhook_url, cost,
        warnings, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, input.ownerId, input.body, input.outputFormat, `${input.outputName ?? id}.${input.outputFormat}`, JSON.stringify(input.metadata),
        input.webhookUrl, input.cost, JSON.stringify(input.warnings), now, now,
      );
      if (input.cost > 0) this.keys.addCredits(input.ownerId, -input.cost, 'render', { renderId: id });
      if (claim) {
        this.db.prepare(`INSERT INTO framelane_idempotency (owner_id, key, body_hash, render_id, created_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (owner_id, key) DO UPDATE SET body_hash = excluded.body_hash, render_id = excluded.render_id, created_at = excluded.created_at`)
          .run(input.ownerId, claim.key, claim.bodyHash, id, nowMs);
      }
      return { outcome: 'created', render: this.byId(id)! };
    });
  }

  /**
   * One page of `ownerId`'s renders, newest first, after the render at `beforeSeq` (exclusive);
   * `hasMore` tells whether another page follows.
   */
  list(ownerId: string, q: { limit: number; beforeSeq?: number; status?: FlRenderStatus }): { renders: FlRenderRecord[]; hasMore: boolean } {
    const where = ['owner_id = ?'];
    const args: unknown[] = [ownerId];
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    if (q.beforeSeq !== undefined) { where.push('seq < ?'); args.push(q.beforeSeq); }
    const rows = this.db.prepare(`SELECT * FROM framelane_renders WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`)
      .all(...args, q.limit + 1) as Row[];
    return { renders: rows.slice(0, q.limit).map(toRender), hasMore: rows.length > q.limit };
  }

  /** `queued` → `processing`; false when the render is no longer queued (cancelled meanwhile). */
  markProcessing(id: string): boolean {
    const now = nowIso();
    return this.db.prepare(`UPDATE framelane_renders SET status = 'processing', progress_stage = 'downloading', started_at = ?, updated_at = ?
      WHERE id = ? AND status = 'queued'`).run(now, now, id).changes > 0;
  }

  setProgress(id: string, percent: number, stage: FlProgressStage): void {
    this.db.prepare(`UPDATE framelane_renders SET progress_percent = ?, progress_stage = ? WHERE id = ? AND status = 'processing'`)
      .run(Math.max(0, Math.min(100, percent)), stage, id);
  }

  /** Records the artifact; undefined when the render is no longer processing (cancelled meanwhile). */
  complete(id: string, out: { path: string; width: number; height: number; duration: number; bytes: number; warnings: string[] }): FlRenderRecord | undefined {
    const now = nowIso();
    const changed = this.db.prepare(`UPDATE framelane_renders SET status = 'completed', progress_percent = 100, progress_stage = NULL, output_path = ?,
      output_width = ?, output_height = ?, output_duration = ?, output_bytes = ?, warnings = ?, completed_at = ?, updated_at = ?
      WHERE id = ? AND status = 'processing'`).run(out.path, out.width, out.height, out.duration, out.bytes, JSON.stringify(out.warnings), now, now, id).changes;
    return changed > 0 ? this.byId(id) : undefined;
  }

  /**
   * Ends a queued or processing render as `failed` or `cancelled` and refunds it; undefined when
   * it had already ended.
   */
  finish(id: string, status: 'failed' | 'cancelled', error?: { code: string; message: string }): FlRenderRecord | undefined {
    return inTransaction(this.db, () => {
      const render = this.byId(id);
      if (!render || FL_TERMINAL_STATUSES.includes(render.status)) return undefined;
      const now = nowIso();
      this.db.prepare(`UPDATE framelane_renders SET status = ?, progress_stage = NULL, error_code = ?, error_message = ?, completed_at = ?, updated_at = ?
        WHERE id = ?`).run(status, error?.code ?? null, error?.message ?? null, now, now, id);
      if (render.cost > 0) this.keys.addCredits(render.ownerId, render.cost, 'refund', { renderId: id });
      return this.byId(id);
    });
  }

  /** Back to the queue (graceful shutdown, restart recovery). */
  requeue(id: string, countInterruption: boolean): void {
    this.db.prepare(`UPDATE framelane_renders SET status = 'queued', progress_percent = 0, progress_stage = NULL, started_at = NULL,
      interruptions = interruptions + ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'processing')`)
      .run(countInterruption ? 1 : 0, nowIso(), id);
  }

  /** Renders still queued or processing, oldest first (restart recovery). */
  unfinished(): FlRenderRecord[] {
    const rows = this.db.prepare(`SELECT * FROM framelane_renders WHERE status IN ('queued', 'processing') ORDER BY seq`).all() as Row[];
    return rows.map(toRender);
  }

  /** Forgets idempotency keys older than `windowMs`; returns how many. */
  sweepIdempotencyKeys(windowMs: number, now = Date.now()): number {
    return Number(this.db.prepare('DELETE FROM framelane_idempotency WHERE created_at <= ?').run(now - windowMs).changes);
  }
}
