/**
 * Media coming into the Framelane API: upload slots (`POST /v1/uploads`, then a signed PUT) and
 * imports from a URL (`POST /v1/imports`). Both end as an ordinary row of `files`
 * (files-store.ts), shared with the REST API's uploads.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction, nowIso, textOrNull, type Db, type Row } from './database.js';
import type { FileRecord, FilesStore } from './files-store.js';

/** A slot a client may PUT one file into until `expiresAt`. */
export interface UploadSlotRecord {
  /** The `files` id the upload will have. */
  fileId: string;
  ownerId: string;
  /** The declared MIME type; the PUT must send it and the content must match it. */
  contentType: string;
  /** Extension the file is stored (and its `source_url` ends) with. */
  ext: string;
  name: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  createdAt: string;
  completedAt: string | null;
}

export type ImportStatus = 'processing' | 'ready' | 'failed';

export interface ImportRecord {
  /** `import_` + 24 hex. */
  id: string;
  ownerId: string;
  url: string;
  filename: string | null;
  status: ImportStatus;
  fileId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

function toSlot(r: Row): UploadSlotRecord {
  return {
    fileId: String(r.file_id), ownerId: String(r.owner_id), contentType: String(r.content_type), ext: String(r.ext), name: String(r.name),
    expiresAt: Number(r.expires_at), createdAt: String(r.created_at), completedAt: textOrNull(r.completed_at),
  };
}

function toImport(r: Row): ImportRecord {
  return {
    id: String(r.id), ownerId: String(r.owner_id), url: String(r.url), filename: textOrNull(r.filename), status: String(r.status) as ImportStatus,
    fileId: textOrNull(r.file_id), errorCode: textOrNull(r.error_code), errorMessage: textOrNull(r.error_message), createdAt: String(r.created_at), updatedAt: String(r.updated_at),
  };
}

export class FramelaneMediaStore {
  constructor(private readonly db: Db) {}

  createSlot(slot: Omit<UploadSlotRecord, 'createdAt' | 'completedAt'>): UploadSlotRecord {
    this.db.prepare(`INSERT INTO framelane_uploads (file_id, owner_id, content_type, ext, name, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(slot.fileId, slot.ownerId, slot.contentType, slot.ext, slot.name, slot.expiresAt, nowIso());
    return this.slot(slot.fileId)!;
  }

  slot(fileId: string): UploadSlotRecord | undefined {
    const row = this.db.prepare('SELECT * FROM framelane_uploads WHERE file_id = ?').get(fileId) as Row | undefined;
    return row ? toSlot(row) : undefined;
  }

  /** Marks a slot used; false when it already was (a second PUT). */
  completeSlot(fileId: string): boolean {
    return this.db.prepare('UPDATE framelane_uploads SET completed_at = ? WHERE file_id = ? AND completed_at IS NULL').run(nowIso(), fileId).changes > 0;
  }

  /** Deletes slots that expired unused; returns how many. */
  sweepSlots(now = Date.now()): number {
    return Number(this.db.prepare('DELETE FROM framelane_uploads WHERE completed_at IS NULL AND expires_at <= ?').run(now).changes);
  }

  /**
   * Records a new import, `processing`; undefined (nothing recorded) when `ownerId` already has
   * `maxProcessing` imports processing. Count and insert are one transaction, so concurrent
   * requests cannot pass the cap together.
   */
  createImport(ownerId: string, url: string, filename: string | null, maxProcessing = Infinity): ImportRecord | undefined {
    return inTransaction(this.db, () => {
      if (this.processingCount(ownerId) >= maxProcessing) return undefined;
      const id = `import_${randomBytes(12).toString('hex')}`;
      const now = nowIso();
      this.db.prepare(`INSERT INTO framelane_imports (id, owner_id, url, filename, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'processing', ?, ?)`)
        .run(id, ownerId, url, filename, now, now);
      return this.importById(id)!;
    });
  }

  /** Imports of `ownerId` still fetching. */
  processingCount(ownerId: string): number {
    return Number((this.db.prepare(`SELECT COUNT(*) AS n FROM framelane_imports WHERE status = 'processing' AND owner_id = ?`).get(ownerId) as Row).n);
  }

  importById(id: string): ImportRecord | undefined {
    const row = this.db.prepare('SELECT * FROM framelane_imports WHERE id = ?').get(id) as Row | undefined;
    return row ? toImport(row) : undefined;
  }

  /** An import of `ownerId`; undefined for a missing one and for another owner's. */
  getImport(ownerId: string, id: string): ImportRecord | undefined {
    const found = this.importById(id);
    return found && found.ownerId === ownerId ? found : undefined;
  }

  finishImport(id: string, outcome: { fileId: string } | { errorCode: string; errorMessage: string }): ImportRecord | undefined {
    const now = nowIso();
    if ('fileId' in outcome) {
      this.db.prepare(`UPDATE framelane_imports SET status = 'ready', file_id = ?, updated_at = ? WHERE id = ? AND status = 'processing'`).run(outcome.fileId, now, id);
    } else {
      this.db.prepare(`UPDATE framelane_imports SET status = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE id = ? AND status = 'processing'`)
        .run(outcome.errorCode, outcome.errorMessage, now, id);
    }
    return this.importById(id);
  }

  /** Imports still fetching (restart recovery). */
  processingImports(): ImportRecord[] {
    return (this.db.prepare(`SELECT * FROM framelane_imports WHERE status = 'processing' ORDER BY created_at, id`).all() as Row[]).map(toImport);
  }
}
