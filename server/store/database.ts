/**
 * The embedded SQLite database (libsql, a better-sqlite3-compatible binding whose binary ships
 * inside npm packages): opening, pragmas and the schema. Calls are synchronous, so a
 * transaction is a plain function and nothing interleaves inside it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';

export type Db = InstanceType<typeof Database>;

/** Schema version this code writes; older databases are migrated by {@link openDatabase}. */
export const SCHEMA_VERSION = 2;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  webhook_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE TABLE IF NOT EXISTS credit_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id TEXT NOT NULL,
  delta INTEGER NOT NULL,
  reason TEXT NOT NULL,
  task_id TEXT,
  render_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS credit_ledger_owner ON credit_ledger (owner_id, id);
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  title TEXT,
  category TEXT NOT NULL,
  metadata TEXT NOT NULL,
  config TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  duration REAL NOT NULL,
  quality TEXT NOT NULL,
  status TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  render_id TEXT,
  cost INTEGER,
  error TEXT,
  error_code TEXT,
  video_path TEXT,
  video_bytes INTEGER,
  rendered_config_hash TEXT,
  preview_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX IF NOT EXISTS tasks_owner ON tasks (owner_id, created_at);
CREATE TABLE IF NOT EXISTS renders (
  id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  status TEXT NOT NULL,
  cost INTEGER NOT NULL,
  workers INTEGER,
  webhook_url TEXT,
  interruptions INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  warnings TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS renders_status ON renders (status, created_at);
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_owner ON files (owner_id, created_at);
CREATE TABLE IF NOT EXISTS previews (
  id TEXT PRIMARY KEY,
  owner_id TEXT,
  config TEXT NOT NULL,
  task_id TEXT,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS previews_expiry ON previews (expires_at);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  render_id TEXT NOT NULL,
  url TEXT NOT NULL,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_task ON webhook_deliveries (task_id, created_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
`;

/**
 * Version 2: the Framelane API (`/v1`, server/framelane/): its renders, idempotency keys, upload
 * slots and imports; webhook deliveries learn their signature scheme and whether they are retried.
 */
const SCHEMA_V2 = `
CREATE TABLE IF NOT EXISTS framelane_renders (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  owner_id TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  output_format TEXT NOT NULL,
  output_filename TEXT NOT NULL,
  metadata TEXT NOT NULL,
  webhook_url TEXT,
  cost INTEGER NOT NULL,
  progress_percent REAL NOT NULL DEFAULT 0,
  progress_stage TEXT,
  interruptions INTEGER NOT NULL DEFAULT 0,
  output_path TEXT,
  output_width INTEGER,
  output_height INTEGER,
  output_duration REAL,
  output_bytes INTEGER,
  error_code TEXT,
  error_message TEXT,
  warnings TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT
);
CREATE INDEX IF NOT EXISTS framelane_renders_owner ON framelane_renders (owner_id, seq);
CREATE INDEX IF NOT EXISTS framelane_renders_status ON framelane_renders (status, seq);
CREATE TABLE IF NOT EXISTS framelane_idempotency (
  owner_id TEXT NOT NULL,
  key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  render_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (owner_id, key)
);
CREATE TABLE IF NOT EXISTS framelane_uploads (
  file_id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  ext TEXT NOT NULL,
  name TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE TABLE IF NOT EXISTS framelane_imports (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  url TEXT NOT NULL,
  filename TEXT,
  status TEXT NOT NULL,
  file_id TEXT,
  error_code TEXT,
  error_message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS framelane_imports_status ON framelane_imports (status, created_at);
`;

/** Columns added after version 1, as `[table, column, definition]`. */
const ADDED_COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  ['webhook_deliveries', 'scheme', "TEXT NOT NULL DEFAULT 'framesmith'"],
  ['webhook_deliveries', 'retry', 'INTEGER NOT NULL DEFAULT 1'],
];

function addMissingColumns(db: Db): void {
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

/**
 * Opens (creating when needed) the database at `file` with WAL journaling, so that the
 * `framesmith keys` command can write while a server runs, and brings its schema up to date.
 */
export function openDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec(SCHEMA_V1);
  // Every step is idempotent, so a database of any earlier version (or one half-migrated by a
  // process that died) comes out complete.
  inTransaction(db, () => {
    db.exec(SCHEMA_V2);
    addMissingColumns(db);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run('schema_version', String(SCHEMA_VERSION));
  });
  return db;
}

/** Runs `fn` in an immediate transaction (taken before the first read, so check-then-write is atomic). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** A nullable column as a string (null stays null). */
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A nullable column as a number (null stays null). */
export const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Current time as an ISO string (the API's timestamp format). */
export function nowIso(): string {
  return new Date().toISOString();
}
