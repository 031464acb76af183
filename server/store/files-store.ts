/** Uploaded files and previews. Every row belongs to one owner; previews of the public service have none. */
import { randomBytes, randomUUID } from 'node:crypto';
import { inTransaction, nowIso, type Db } from './database.js';

export type FileType = 'image' | 'video' | 'audio';

export interface FileRecord {
  id: string;
  ownerId: string;
  name: string;
  type: FileType;
  mimeType: string;
  size: number;
  /** Stored object, relative to the data folder. */
  path: string;
  createdAt: string;
}

export interface PreviewRecord {
  id: string;
  ownerId: string | null;
  config: string;
  taskId: string | null;
  createdAt: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

type Row = Record<string, unknown>;

function toFile(r: Row): FileRecord {
  return {
    id: String(r.id), ownerId: String(r.owner_id), name: String(r.name), type: String(r.type) as FileType,
    mimeType: String(r.mime_type), size: Number(r.size), path: String(r.path), createdAt: String(r.created_at),
  };
}

function toPreview(r: Row): PreviewRecord {
  return {
    id: String(r.id), ownerId: r.owner_id === null ? null : String(r.owner_id), config: String(r.config),
    taskId: r.task_id === null ? null : String(r.task_id), createdAt: String(r.created_at), expiresAt: Number(r.expires_at),
  };
}

/** A new file id (`file_` + 16 hex). */
export function newFileId(): string {
  return `file_${randomBytes(8).toString('hex')}`;
}

export class FilesStore {
  constructor(private readonly db: Db) {}

  insert(file: Omit<FileRecord, 'createdAt'>): FileRecord {
    this.db.prepare(`INSERT INTO files (id, owner_id, name, type, mime_type, size, path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(file.id, file.ownerId, file.name, file.type, file.mimeType, file.size, file.path, nowIso());
    return this.get(file.ownerId, file.id)!;
  }

  get(ownerId: string, id: string): FileRecord | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE id = ? AND owner_id = ?').get(id, ownerId) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  byId(id: string): FileRecord | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE id = ?').get(id) as Row | undefined;
    return row ? toFile(row) : undefined;
  }

  list(ownerId: string, q: { page: number; limit: number; type?: FileType }): { files: FileRecord[]; total: number } {
    const args: unknown[] = [ownerId];
    let clause = 'owner_id = ?';
    if (q.type) { clause += ' AND type = ?'; args.push(q.type); }
    const total = Number((this.db.prepare(`SELECT COUNT(*) AS n FROM files WHERE ${clause}`).get(...args) as Row).n);
    const rows = this.db.prepare(`SELECT * FROM files WHERE ${clause} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, (q.page - 1) * q.limit) as Row[];
    return { files: rows.map(toFile), total };
  }

  /** Bytes of uploads kept by `ownerId`. */
  /**
   * Records `files` (all of one owner) unless together they would take the owner past
   * `limitBytes` of stored files: undefined then, nothing recorded. The usage check and the
   * inserts are one transaction, so concurrent uploads and imports cannot pass the limit together.
   */
  insertWithinLimit(files: Array<Omit<FileRecord, 'createdAt'>>, limitBytes: number): FileRecord[] | undefined {
    const owner = files[0]?.ownerId;
    if (owner === undefined) return [];
    return inTransaction(this.db, () => {
      const adding = files.reduce((n, f) => n + f.size, 0);
      return this.usedBytes(owner) + adding > limitBytes ? undefined : files.map((f) => this.insert(f));
    });
  }

  usedBytes(ownerId: string): number {
    return Number((this.db.prepare('SELECT COALESCE(SUM(size), 0) AS n FROM files WHERE owner_id = ?').get(ownerId) as Row).n);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM files WHERE id = ?').run(id);
  }

  createPreview(ownerId: string | null, config: string, ttlSeconds: number): PreviewRecord {
    const id = randomUUID();
    this.db.prepare('INSERT INTO previews (id, owner_id, config, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, ownerId, config, nowIso(), Date.now() + ttlSeconds * 1000);
    return this.previewById(id)!;
  }

  /** An unexpired preview by id, whoever owns it. */
  previewById(id: string, now = Date.now()): PreviewRecord | undefined {
    const row = this.db.prepare('SELECT * FROM previews WHERE id = ? AND expires_at > ?').get(id, now) as Row | undefined;
    return row ? toPreview(row) : undefined;
  }

  /** An unexpired preview of `ownerId`. */
  preview(ownerId: string, id: string, now = Date.now()): PreviewRecord | undefined {
    const found = this.previewById(id, now);
    return found && found.ownerId === ownerId ? found : undefined;
  }

  setPreviewTask(id: string, taskId: string): void {
    this.db.prepare('UPDATE previews SET task_id = ? WHERE id = ?').run(taskId, id);
  }

  deletePreview(id: string): void {
    this.db.prepare('DELETE FROM previews WHERE id = ?').run(id);
  }

  /** Deletes expired previews; returns how many. */
  sweepPreviews(now = Date.now()): number {
    return Number(this.db.prepare('DELETE FROM previews WHERE expires_at <= ?').run(now).changes);
  }
}
