/**
 * API keys and the credit ledger. A key is `sk-` + 32 random bytes (base64url); only its
 * SHA-256 is stored (a key has 256 bits of entropy, so a fast hash is enough), and the
 * lookup compares hashes in constant time. The key's id owns every task, file and preview
 * made with it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { inTransaction, nowIso, type Db } from './database.js';

/** Prefix of every API key. */
export const API_KEY_PREFIX = 'sk-';

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The first characters of the key, e.g. `sk-AbCd…`, for lists. */
  keyPrefix: string;
  /** Secret that signs this key's webhooks (`X-Framesmith-Signature`). */
  webhookSecret: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  key: string;
}

export interface LedgerEntry {
  id: number;
  delta: number;
  reason: string;
  taskId: string | null;
  renderTaskId: string | null;
  createdAt: string;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  webhook_secret: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    webhookSecret: row.webhook_secret,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** SHA-256 of a key, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Store of API keys and credits. */
export class KeysStore {
  constructor(private readonly db: Db) {}

  /** Creates a key with a starting balance of `credits` (a ledger entry `grant`). */
  create(name: string, credits: number): CreatedKey {
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = `key_${randomBytes(6).toString('hex')}`;
    const now = nowIso();
    const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
    inTransaction(this.db, () => {
      this.db.prepare(`INSERT INTO api_keys (id, name, key_hash, key_prefix, webhook_secret, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`).run(id, name, hashApiKey(key), `${key.slice(0, 7)}…`, webhookSecret, now);
      if (credits !== 0) this.addCredits(id, credits, 'grant');
    });
    return { key, record: this.get(id)! };
  }

  get(id: string): ApiKeyRecord | undefined {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The record of a presented key, revoked or not; undefined when no key has that hash. */
  findByKey(key: string): ApiKeyRecord | undefined {
    const hash = hashApiKey(key);
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ?').get(hash) as KeyRow | undefined;
    if (!row) return undefined;
    // The index lookup already matched; the constant-time compare keeps the check explicit.
    if (!timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    return toRecord(row);
  }

  touch(id: string): void {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(nowIso(), id);
  }

  list(): Array<ApiKeyRecord & { credits: number }> {
    const rows = this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as KeyRow[];
    return rows.map((row) => ({ ...toRecord(row), credits: this.balance(row.id) }));
  }

  /** Revokes a key; false when there is no such key. Revoking twice keeps the first date. */
  revoke(id: string): boolean {
    const found = this.get(id);
    if (!found) return false;
    this.db.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(nowIso(), id);
    return true;
  }

  balance(ownerId: string): number {
    const row = this.db.prepare('SELECT COALESCE(SUM(delta), 0) AS total FROM credit_ledger WHERE owner_id = ?').get(ownerId) as { total: number };
    return Number(row.total);
  }

  addCredits(ownerId: string, delta: number, reason: string, ref: { taskId?: string; renderId?: string } = {}): void {
    this.db.prepare(`INSERT INTO credit_ledger (owner_id, delta, reason, task_id, render_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`).run(ownerId, delta, reason, ref.taskId ?? null, ref.renderId ?? null, nowIso());
  }

  ledger(ownerId: string, limit: number, offset: number): { entries: LedgerEntry[]; total: number } {
    const rows = this.db.prepare(`SELECT id, delta, reason, task_id, render_id, created_at FROM credit_ledger
      WHERE owner_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`).all(ownerId, limit, offset) as Array<{
      id: number; delta: number; reason: string; task_id: string | null; render_id: string | null; created_at: string;
    }>;
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM credit_ledger WHERE owner_id = ?').get(ownerId) as { n: number }).n;
    return {
      total: Number(total),
      entries: rows.map((r) => ({
        id: Number(r.id), delta: Number(r.delta), reason: r.reason, taskId: r.task_id, renderTaskId: r.render_id, createdAt: r.created_at,
      })),
    };
  }
}
