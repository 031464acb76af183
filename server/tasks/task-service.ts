/**
 * What the task routes and the preview routes share: creating a task from a composition,
 * starting its render (credits, webhook target, queue), deleting it with its files, and the
 * task as the API shows it.
 */
import type { ServerConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { configHash, prepareComposition, type PreparedComposition } from '../render/composition.js';
import type { RenderDriver } from '../render/render-driver.js';
import type { Storage } from '../storage/storage.js';
import type { Store } from '../store/store.js';
import type { RenderRecord, TaskRecord } from '../store/tasks-store.js';
import type { UploadUrls } from '../uploads/upload-urls.js';
import { webhookUrlProblem } from '../webhooks/webhook-sender.js';

export interface TaskServiceDeps {
  config: ServerConfig;
  store: Store;
  storage: Storage;
  uploads: UploadUrls;
  driver: RenderDriver;
}

export interface CreateTaskInput {
  config: unknown;
  title?: string | null;
  category?: string;
  metadata?: Record<string, unknown>;
  previewId?: string;
}

export interface RenderRequest {
  webhookUrl?: string;
  numWorkers?: number;
}

export type RenderOutcome =
  | { started: true; task: TaskRecord; render: RenderRecord; remainingCredits: number }
  | { started: false; task: TaskRecord; remainingCredits: number };

/** The task as the API returns it. */
export type TaskView = Record<string, unknown> & { taskId: string; status: string };

export interface TaskService {
  prepare(ownerId: string, config: unknown): PreparedComposition;
  create(ownerId: string, input: CreateTaskInput): TaskRecord;
  render(task: TaskRecord, req: RenderRequest): Promise<RenderOutcome>;
  /** Cancels a running render (refunded), removes the task's files and rows; true when files were removed. */
  delete(task: TaskRecord): Promise<boolean>;
  view(task: TaskRecord): TaskView;
  urls(task: TaskRecord, ttlSeconds?: number): { previewUrl: string; viewerUrl: string; configUrl: string; videoUrl?: string };
}

export function createTaskService(deps: TaskServiceDeps): TaskService {
  const { config, store, storage, uploads, driver } = deps;

  const prepare = (ownerId: string, composition: unknown): PreparedComposition => prepareComposition(composition, {
    limits: config.limits, uploadsDir: storage.uploadsDir(ownerId), uploadPath: (url) => uploads.pathOf(ownerId, url),
  });

  const urls: TaskService['urls'] = (task, ttl = config.signedUrlTtlSeconds) => ({
    previewUrl: storage.signedUrl(`/v/${task.id}`, ttl),
    viewerUrl: storage.signedUrl(`/watch/${task.id}`, ttl),
    configUrl: storage.signedUrl(`/dl/configs/${task.id}.json`, ttl),
    ...(task.status === 'completed' && task.videoPath && task.renderId
      ? { videoUrl: storage.signedUrl(`/dl/videos/${task.id}/${task.renderId}.mp4`, ttl) }
      : {}),
  });

  const view = (task: TaskRecord): TaskView => {
    const position = task.status === 'rendering' && task.renderId ? driver.position(task.renderId) : undefined;
    return {
      taskId: task.id,
      title: task.title,
      category: task.category,
      status: task.status,
      progress: Math.round(task.progress * 1000) / 1000,
      ...(position !== undefined ? { queuePosition: position } : {}),
      renderTaskId: task.renderId ?? undefined,
      ...urls(task),
      quality: task.quality,
      width: task.width,
      height: task.height,
      duration: task.durationSeconds,
      costCredits: task.cost ?? undefined,
      ...(task.videoBytes !== null && task.status === 'completed' ? { videoSize: task.videoBytes } : {}),
      ...(task.error ? { error: task.error, errorCode: task.errorCode ?? undefined } : {}),
      metadata: task.metadata,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
      ...(task.completedAt && task.status === 'completed' ? { completedAt: task.completedAt } : {}),
    };
  };

  return {
    prepare,
    urls,
    view,
    create(ownerId, input) {
      const prepared = prepare(ownerId, input.config);
      const text = JSON.stringify(input.config);
      return store.tasks.create({
        ownerId,
        title: input.title ?? (typeof (input.config as { meta?: { title?: unknown } }).meta?.title === 'string'
          ? (input.config as { meta: { title: string } }).meta.title : null),
        category: input.category ?? 'api',
        metadata: input.metadata ?? {},
        config: text,
        configHash: configHash(text),
        width: prepared.width,
        height: prepared.height,
        durationSeconds: prepared.durationSeconds,
        quality: prepared.quality.quality,
        previewId: input.previewId,
      });
    },
    async render(task, req) {
      if (task.status === 'rendering') throw alreadyRendering(task);
      if (task.status === 'completed' && task.videoPath && task.renderedConfigHash === task.configHash) {
        return { started: false, task, remainingCredits: store.keys.balance(task.ownerId) };
      }
      if (req.webhookUrl !== undefined) {
        const problem = await webhookUrlProblem(req.webhookUrl, config.webhookAllowPrivate);
        if (problem) throw new ApiError('INVALID_REQUEST', problem, { pointer: '/webhook_url' });
      }
      // Compiled again: the engine (and so the price) may have changed since the task was created.
      const prepared = prepare(task.ownerId, JSON.parse(task.config));
      const workers = req.numWorkers === undefined ? null : Math.min(req.numWorkers, config.maxWorkersPerRender);
      const result = store.tasks.startRender(task, { cost: prepared.cost, workers, webhookUrl: req.webhookUrl ?? null });
      if (!result.ok) {
        if (result.reason === 'already-rendering') throw alreadyRendering(task);
        throw new ApiError('INSUFFICIENT_CREDITS', `this render costs ${prepared.cost} credits; ${result.available} available`, {
          required: prepared.cost, available: result.available, quality: prepared.quality.quality, duration: prepared.durationSeconds,
        });
      }
      try {
        driver.enqueue({ renderId: result.render.id, taskId: task.id });
      } catch (cause) {
        store.tasks.fail(result.render.id, { message: 'the render queue refused the job', code: 'RENDER_TRIGGER_FAILED' });
        throw new ApiError('RENDER_TRIGGER_FAILED', 'the render could not be queued; the credits were refunded', {}, { cause });
      }
      return { started: true, task: store.tasks.byId(task.id)!, render: result.render, remainingCredits: result.remainingCredits };
    },
    async delete(task) {
      if (task.renderId) {
        await driver.cancel(task.renderId, 'deleted');
        store.tasks.cancel(task.renderId);
      }
      const current = store.tasks.byId(task.id);
      store.tasks.delete(task.id);
      const hadFiles = Boolean(current?.videoPath);
      await storage.remove(storage.relative(storage.rendersDir(task.id)));
      return hadFiles;
    },
  };
}

function alreadyRendering(task: TaskRecord): ApiError {
  return new ApiError('ALREADY_RENDERING', `task ${task.id} is already rendering`, {
    taskId: task.id, renderTaskId: task.renderId, progress: task.progress,
  });
}

/** The answer of a render request (`POST …/render`), started or already rendered. */
export function renderResult(tasks: TaskService, outcome: RenderOutcome): Record<string, unknown> {
  const task = outcome.task;
  const urls = tasks.urls(task);
  return {
    success: true,
    taskId: task.id,
    renderTaskId: task.renderId ?? undefined,
    status: task.status,
    ...(outcome.started ? {} : { alreadyRendered: true, videoUrl: urls.videoUrl }),
    quality: task.quality,
    width: task.width,
    height: task.height,
    duration: task.durationSeconds,
    cost: outcome.started ? outcome.render.cost : 0,
    remainingCredits: outcome.remainingCredits,
    previewUrl: urls.previewUrl,
    viewerUrl: urls.viewerUrl,
    configUrl: urls.configUrl,
    message: outcome.started
      ? 'render queued; poll GET /api/v1/video/:taskId or wait for the webhook'
      : 'already rendered and unchanged since; nothing was charged',
  };
}
