/**
 * Webhook deliveries and their attempts, persisted so that a restart resumes pending retries.
 * A delivery's body is fixed when it is created: every attempt sends the same bytes and signature.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction, nowIso, type Db } from './database.js';

/** `skipped`: never attempted, superseded before its turn (a render's progress once its terminal event was queued). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/**
 * How a delivery is signed: `framesmith` (`X-Framesmith-Signature: sha256=<hex>`, the REST API) or
 * `framelane` (`Framelane-Signature: t=<unix>,v1=<hex>`, the `/v1` API).
 */
export type SignatureScheme = 'framesmith' | 'framelane';

export interface DeliveryRecord {
  id: string;
  ownerId: string;
  taskId: string;
  renderId: string;
  url: string;
  event: string;
  /** The raw JSON body, as sent and signed. */
  body: string;
  scheme: SignatureScheme;
  /** False: one attempt only (progress events, stale once a newer one exists). */
  retry: boolean;
  status: DeliveryStatus;
  attempts: number;
  /** Milliseconds since the epoch; null once delivered or given up. */
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AttemptRecord {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

type Row = Record<string, unknown>;

function toAttempt(r: Row): AttemptRecord {
  return {
    attempt: Number(r.attempt), at: String(r.at), statusCode: r.status_code === null ? null : Number(r.status_code),
    error: r.error === null ? null : String(r.error), durationMs: Number(r.duration_ms),
  };
}

function toDelivery(r: Row): DeliveryRecord {
  return {
    id: String(r.id), ownerId: String(r.owner_id), taskId: String(r.task_id), renderId: String(r.render_id), url: String(r.url),
    event: String(r.event), body: String(r.body), scheme: String(r.scheme) as SignatureScheme, retry: Number(r.retry) !== 0, status: String(r.status) as DeliveryStatus, attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
    lastError: r.last_error === null ? null : String(r.last_error), createdAt: String(r.created_at),
    deliveredAt: r.delivered_at === null ? null : String(r.delivered_at),
  };
}

export class WebhooksStore {
  constructor(private readonly db: Db) {}

  create(d: {
    ownerId: string; taskId: string; renderId: string; url: string; event: string; body: string; scheme?: SignatureScheme; retry?: boolean;
  }): DeliveryRecord {
    const id = `whd_${randomBytes(8).toString('hex')}`;
    this.db.prepare(`INSERT INTO webhook_deliveries (id, owner_id, task_id, render_id, url, event, body, scheme, retry, status, attempts,
      next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`).run(
      id, d.ownerId, d.taskId, d.renderId, d.url, d.event, d.body, d.scheme ?? 'framesmith', d.retry === false ? 0 : 1, Date.now(), nowIso(),
    );
    return this.get(id)!;
  }

  get(id: string): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  pending(): DeliveryRecord[] {
    return (this.db.prepare(`SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY next_attempt_at, id`).all() as Row[]).map(toDelivery);
  }

  forTask(taskId: string): DeliveryRecord[] {
    return (this.db.prepare('SELECT * FROM webhook_deliveries WHERE task_id = ? ORDER BY created_at, id').all(taskId) as Row[]).map(toDelivery);
  }

  /** Whether a delivery of one of `events` exists for the render `renderId` of `taskId`. */
  hasEvent(taskId: string, renderId: string, events: readonly string[]): boolean {
    if (events.length === 0) return false;
    const marks = events.map(() => '?').join(', ');
    return this.db.prepare(`SELECT 1 FROM webhook_deliveries WHERE task_id = ? AND render_id = ? AND event IN (${marks}) LIMIT 1`)
      .get(taskId, renderId, ...events) !== undefined;
  }

  /**
   * Marks the render's deliveries of `event` that were never attempted (and are not in
   * `inFlight`) `skipped`, with `reason` as their last error; returns their ids.
   */
  skipUnattempted(taskId: string, renderId: string, event: string, reason: string, inFlight: ReadonlySet<string>): string[] {
    return inTransaction(this.db, () => {
      const rows = this.db.prepare(`SELECT id FROM webhook_deliveries WHERE task_id = ? AND render_id = ? AND event = ? AND status = 'pending' AND attempts = 0`)
        .all(taskId, renderId, event) as Row[];
      const ids = rows.map((r) => String(r.id)).filter((id) => !inFlight.has(id));
      const skip = this.db.prepare(`UPDATE webhook_deliveries SET status = 'skipped', next_attempt_at = NULL, last_error = ? WHERE id = ? AND status = 'pending'`);
      for (const id of ids) skip.run(reason, id);
      return ids;
    });
  }

  /**
   * The deliveries of `taskId` as {@link forTask} lists them, each with its attempts (oldest
   * first): two queries, not one per delivery. What both APIs' webhook listings show.
   */
  forTaskWithAttempts(taskId: string): Array<DeliveryRecord & { log: AttemptRecord[] }> {
    const deliveries = this.forTask(taskId);
    const byDelivery = new Map<string, AttemptRecord[]>(deliveries.map((d) => [d.id, []]));
    const rows = this.db.prepare(`SELECT a.* FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
      WHERE d.task_id = ? ORDER BY a.delivery_id, a.attempt`).all(taskId) as Row[];
    for (const r of rows) byDelivery.get(String(r.delivery_id))?.push(toAttempt(r));
    return deliveries.map((d) => ({ ...d, log: byDelivery.get(d.id)! }));
  }

  /**
   * Records one attempt and the delivery's new state: delivered, failed for good
   * (`nextAttemptAt` null), or pending until `nextAttemptAt`.
   */
  recordAttempt(id: string, a: { statusCode: number | null; error: string | null; durationMs: number; ok: boolean; nextAttemptAt: number | null }): DeliveryRecord | undefined {
    return inTransaction(this.db, () => {
      const d = this.get(id);
      if (!d) return undefined;
      const attempt = d.attempts + 1;
      const now = nowIso();
      this.db.prepare('INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, attempt, now, a.statusCode, a.error, Math.round(a.durationMs));
      const status: DeliveryStatus = a.ok ? 'delivered' : a.nextAttemptAt === null ? 'failed' : 'pending';
      this.db.prepare(`UPDATE webhook_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
        delivered_at = ? WHERE id = ?`).run(attempt, status, a.ok ? null : a.nextAttemptAt, a.statusCode, a.error, a.ok ? now : null, id);
      return this.get(id);
    });
  }
}
