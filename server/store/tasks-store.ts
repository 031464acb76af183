/**
 * Video tasks and their renders. A task holds one composition; each `POST …/render` adds a
 * render (its id is the `renderTaskId`) and debits its cost in the same transaction that checks
 * the balance, so two concurrent renders can never spend the same credits.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction, nowIso, numberOrNull, textOrNull, type Db, type Row } from './database.js';
import type { KeysStore } from './keys-store.js';

export type TaskStatus = 'created' | 'rendering' | 'completed' | 'failed';
export type RenderStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface TaskRecord {
  id: string;
  ownerId: string;
  title: string | null;
  category: string;
  metadata: Record<string, unknown>;
  /** The composition as JSON text. */
  config: string;
  configHash: string;
  width: number;
  height: number;
  durationSeconds: number;
  quality: string;
  status: TaskStatus;
  /** 0..1 while rendering. */
  progress: number;
  renderId: string | null;
  cost: number | null;
  error: string | null;
  errorCode: string | null;
  /** Output path relative to the data folder. */
  videoPath: string | null;
  videoBytes: number | null;
  renderedConfigHash: string | null;
  previewId: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface RenderRecord {
  id: string;
  taskId: string;
  ownerId: string;
  status: RenderStatus;
  cost: number;
  workers: number | null;
  webhookUrl: string | null;
  interruptions: number;
  error: string | null;
  warnings: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What creating a task takes: the fields a caller decides; the store fills in the rest. */
export type NewTask = Pick<
  TaskRecord,
  'ownerId' | 'title' | 'category' | 'metadata' | 'config' | 'configHash' | 'width' | 'height' | 'durationSeconds' | 'quality'
> & { previewId?: string };

export type StartRenderResult =
  | { ok: true; render: RenderRecord; remainingCredits: number }
  | { ok: false; reason: 'already-rendering' }
  | { ok: false; reason: 'insufficient-credits'; available: number };

function toTask(r: Row): TaskRecord {
  return {
    id: String(r.id),
    ownerId: String(r.owner_id),
    title: textOrNull(r.title),
    category: String(r.category),
    metadata: JSON.parse(String(r.metadata)) as Record<string, unknown>,
    config: String(r.config),
    configHash: String(r.config_hash),
    width: Number(r.width),
    height: Number(r.height),
    durationSeconds: Number(r.duration),
    quality: String(r.quality),
    status: String(r.status) as TaskStatus,
    progress: Number(r.progress),
    renderId: textOrNull(r.render_id),
    cost: numberOrNull(r.cost),
    error: textOrNull(r.error),
    errorCode: textOrNull(r.error_code),
    videoPath: textOrNull(r.video_path),
    videoBytes: numberOrNull(r.video_bytes),
    renderedConfigHash: textOrNull(r.rendered_config_hash),
    previewId: textOrNull(r.preview_id),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    completedAt: textOrNull(r.completed_at),
  };
}

function toRender(r: Row): RenderRecord {
  return {
    id: String(r.id),
    taskId: String(r.task_id),
    ownerId: String(r.owner_id),
    status: String(r.status) as RenderStatus,
    cost: Number(r.cost),
    workers: numberOrNull(r.workers),
    webhookUrl: textOrNull(r.webhook_url),
    interruptions: Number(r.interruptions),
    error: textOrNull(r.error),
    warnings: r.warnings ? (JSON.parse(String(r.warnings)) as string[]) : [],
    createdAt: String(r.created_at),
    startedAt: textOrNull(r.started_at),
    finishedAt: textOrNull(r.finished_at),
  };
}

/** Store of tasks and renders. */
export class TasksStore {
  constructor(private readonly db: Db, private readonly keys: KeysStore) {}

  create(input: NewTask): TaskRecord {
    const id = randomBytes(8).toString('hex');
    const now = nowIso();
    this.db.prepare(`INSERT INTO tasks (id, owner_id, title, category, metadata, config, config_hash, width, height, duration,
      quality, status, progress, preview_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', 0, ?, ?, ?)`).run(
      id, input.ownerId, input.title, input.category, JSON.stringify(input.metadata), input.config, input.configHash,
      input.width, input.height, input.durationSeconds, input.quality, input.previewId ?? null, now, now,
    );
    return this.byId(id)!;
  }

  /** A task by id, whoever owns it (internal use). */
  byId(id: string): TaskRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as Row | undefined;
    return row ? toTask(row) : undefined;
  }

  /** A task of `ownerId`; undefined for a missing task and for another owner's. */
  get(ownerId: string, id: string): TaskRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ? AND owner_id = ?').get(id, ownerId) as Row | undefined;
    return row ? toTask(row) : undefined;
  }

  list(ownerId: string, q: { page: number; limit: number; status?: TaskStatus; category?: string }): { tasks: TaskRecord[]; total: number } {
    const where = ['owner_id = ?'];
    const args: unknown[] = [ownerId];
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    if (q.category && q.category !== 'all') { where.push('category = ?'); args.push(q.category); }
    const clause = where.join(' AND ');
    const total = Number((this.db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE ${clause}`).get(...args) as Row).n);
    const rows = this.db.prepare(`SELECT * FROM tasks WHERE ${clause} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, (q.page - 1) * q.limit) as Row[];
    return { tasks: rows.map(toTask), total };
  }

  delete(id: string): void {
    inTransaction(this.db, () => {
      this.db.prepare('DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE task_id = ?)').run(id);
      this.db.prepare('DELETE FROM webhook_deliveries WHERE task_id = ?').run(id);
      this.db.prepare('DELETE FROM renders WHERE task_id = ?').run(id);
      this.db.prepare('UPDATE previews SET task_id = NULL WHERE task_id = ?').run(id);
      this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id);
    });
  }

  render(id: string): RenderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM renders WHERE id = ?').get(id) as Row | undefined;
    return row ? toRender(row) : undefined;
  }

  /**
   * Checks the task is not rendering and the owner can pay, debits `cost`, and queues a render,
   * all in one transaction.
   */
  startRender(task: TaskRecord, opts: { cost: number; workers: number | null; webhookUrl: string | null }): StartRenderResult {
    return inTransaction(this.db, (): StartRenderResult => {
      const current = this.byId(task.id);
      if (!current) throw new Error(`task ${task.id} vanished`);
      if (current.status === 'rendering') return { ok: false, reason: 'already-rendering' };
      const available = this.keys.balance(task.ownerId);
      if (available < opts.cost) return { ok: false, reason: 'insufficient-credits', available };
      const id = `rnd_${randomBytes(8).toString('hex')}`;
      const now = nowIso();
      this.db.prepare(`INSERT INTO renders (id, task_id, owner_id, status, cost, workers, webhook_url, created_at)
        VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)`).run(id, task.id, task.ownerId, opts.cost, opts.workers, opts.webhookUrl, now);
      if (opts.cost > 0) this.keys.addCredits(task.ownerId, -opts.cost, 'render', { taskId: task.id, renderId: id });
      this.db.prepare(`UPDATE tasks SET status = 'rendering', progress = 0, render_id = ?, cost = ?, error = NULL, error_code = NULL,
        updated_at = ? WHERE id = ?`).run(id, opts.cost, now, task.id);
      return { ok: true, render: this.render(id)!, remainingCredits: available - opts.cost };
    });
  }

  markRunning(renderId: string): void {
    this.db.prepare(`UPDATE renders SET status = 'running', started_at = ? WHERE id = ?`).run(nowIso(), renderId);
  }

  setProgress(taskId: string, renderId: string, fraction: number): void {
    this.db.prepare(`UPDATE tasks SET progress = ?, updated_at = ? WHERE id = ? AND render_id = ? AND status = 'rendering'`)
      .run(Math.max(0, Math.min(1, fraction)), nowIso(), taskId, renderId);
  }

  /** Back to the queue (graceful shutdown, restart recovery); the task stays `rendering`. */
  requeue(renderId: string, countInterruption: boolean): void {
    inTransaction(this.db, () => {
      this.db.prepare(`UPDATE renders SET status = 'queued', started_at = NULL,
        interruptions = interruptions + ? WHERE id = ?`).run(countInterruption ? 1 : 0, renderId);
      const render = this.render(renderId);
      if (render) this.db.prepare(`UPDATE tasks SET progress = 0, updated_at = ? WHERE id = ? AND render_id = ?`).run(nowIso(), render.taskId, renderId);
    });
  }

  /** Records a finished render; returns the task's previous output path (to delete), if any. */
  complete(renderId: string, out: { videoPath: string; videoBytes: number; warnings: string[]; renderedConfigHash: string }): {
    task: TaskRecord; previousVideoPath: string | null;
  } | undefined {
    return inTransaction(this.db, () => {
      const render = this.render(renderId);
      if (!render || (render.status !== 'running' && render.status !== 'queued')) return undefined;
      const before = this.byId(render.taskId);
      if (!before || before.renderId !== renderId) return undefined;
      const now = nowIso();
      this.db.prepare(`UPDATE renders SET status = 'completed', finished_at = ?, warnings = ? WHERE id = ?`)
        .run(now, JSON.stringify(out.warnings), renderId);
      this.db.prepare(`UPDATE tasks SET status = 'completed', progress = 1, video_path = ?, video_bytes = ?, rendered_config_hash = ?,
        completed_at = ?, updated_at = ? WHERE id = ?`).run(out.videoPath, out.videoBytes, out.renderedConfigHash, now, now, render.taskId);
      return { task: this.byId(render.taskId)!, previousVideoPath: before.videoPath };
    });
  }

  /** Records a failed render and refunds its cost (a ledger entry `refund`). */
  fail(renderId: string, error: { message: string; code: string }): TaskRecord | undefined {
    return inTransaction(this.db, () => {
      const render = this.render(renderId);
      if (!render || (render.status !== 'running' && render.status !== 'queued')) return undefined;
      const now = nowIso();
      this.db.prepare(`UPDATE renders SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(now, error.message, renderId);
      if (render.cost > 0) this.keys.addCredits(render.ownerId, render.cost, 'refund', { taskId: render.taskId, renderId });
      this.db.prepare(`UPDATE tasks SET status = 'failed', error = ?, error_code = ?, updated_at = ? WHERE id = ? AND render_id = ?`)
        .run(error.message, error.code, now, render.taskId, renderId);
      return this.byId(render.taskId);
    });
  }

  /** Marks a queued or running render cancelled and refunds it (task deleted before it finished). */
  cancel(renderId: string): boolean {
    return inTransaction(this.db, () => {
      const render = this.render(renderId);
      if (!render || (render.status !== 'running' && render.status !== 'queued')) return false;
      this.db.prepare(`UPDATE renders SET status = 'cancelled', finished_at = ? WHERE id = ?`).run(nowIso(), renderId);
      if (render.cost > 0) this.keys.addCredits(render.ownerId, render.cost, 'refund', { taskId: render.taskId, renderId });
      return true;
    });
  }

  /** Renders still queued or running, oldest first (restart recovery). */
  unfinishedRenders(): RenderRecord[] {
    const rows = this.db.prepare(`SELECT * FROM renders WHERE status IN ('queued', 'running') ORDER BY created_at, id`).all() as Row[];
    return rows.map(toRender);
  }
}
