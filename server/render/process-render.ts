/**
 * One render, start to end: load the task, compile its composition, render the MP4 into the
 * task's folder, record the outcome (refunding a failure), then send the webhook. The new
 * state is saved before the webhook is sent.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { renderComposition } from '../../engine/render/render-video.js';
import type { ServerConfig } from '../config.js';
import { isApiError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import type { Store } from '../store/store.js';
import type { TaskRecord } from '../store/tasks-store.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';
import { prepareComposition } from './composition.js';
import type { CancelReason, ProcessRender, RenderJob, RenderJobKind } from './render-driver.js';
import { recoverUnfinished, throttledProgress } from './render-lifecycle.js';
import type { UploadUrls } from '../uploads/upload-urls.js';

export interface RenderProcessorDeps {
  config: ServerConfig;
  store: Store;
  storage: Storage;
  uploads: UploadUrls;
  webhooks: WebhookSender;
  /** The signed `videoUrl` of a completed task, valid for `ttlSeconds`. */
  videoUrl: (task: TaskRecord, ttlSeconds: number) => string | undefined;
  log: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

/**
 * The message and code recorded for a failed render: the engine's coded errors as they are
 * (they name the field or the file); anything else hidden behind a generic message (logged).
 */
function failureOf(err: unknown): { message: string; code: string } {
  if (isApiError(err)) return { message: err.message, code: err.code };
  const code = (err as { code?: unknown } | null)?.code;
  // Engine errors (also when revived from a segment worker) are FramesmithErrors; Node's own ERR_* are not.
  if (err instanceof Error && err.name === 'FramesmithError' && typeof code === 'string') return { message: err.message, code };
  return { message: 'internal error during the render; the server log has the details', code: 'ERR_INTERNAL' };
}

export interface RenderProcessor {
  /** Runs a job: a task render here, a job of another kind through the processor routed to it. */
  process: ProcessRender;
  /** Sends the webhook of a finished render (no-op without a URL); `error` set for a failure. */
  sendWebhook: (task: TaskRecord, renderId: string, url: string | null, error?: string) => void;
  /** Hands jobs of `kind` to `process` (the Framelane API's renders share the driver this way). */
  route: (kind: Exclude<RenderJobKind, 'task'>, process: ProcessRender) => void;
}

export function createRenderProcessor(deps: RenderProcessorDeps): RenderProcessor {
  const { store, storage, config, log } = deps;

  const sendWebhook = (task: TaskRecord, renderId: string, url: string | null, error?: string): void => {
    if (!url) return;
    const videoUrl = error === undefined ? deps.videoUrl(task, config.webhookVideoUrlTtlSeconds) : undefined;
    deps.webhooks.notify({
      ownerId: task.ownerId, taskId: task.id, url,
      payload: {
        taskId: task.id, renderTaskId: renderId, status: error === undefined ? 'completed' : 'failed',
        ...(videoUrl ? { videoUrl } : {}), ...(error !== undefined ? { error } : {}), timestamp: new Date().toISOString(),
      },
    });
  };

  const routes = new Map<RenderJobKind, ProcessRender>();

  const processTask = async (job: RenderJob, signal: AbortSignal): Promise<void> => {
    const render = store.tasks.render(job.renderId);
    const task = store.tasks.byId(job.taskId);
    if (!render || !task || task.renderId !== render.id || (render.status !== 'queued' && render.status !== 'running')) return;
    store.tasks.markRunning(render.id);
    const dir = storage.rendersDir(task.id);
    const output = path.join(dir, `${render.id}.mp4`);
    try {
      const prepared = prepareComposition(JSON.parse(task.config), {
        limits: config.limits, uploadsDir: storage.uploadsDir(task.ownerId), uploadPath: (url) => deps.uploads.pathOf(task.ownerId, url),
      });
      await mkdir(dir, { recursive: true });
      log.info({ taskId: task.id, renderId: render.id, workers: render.workers }, 'render started');
      const result = await renderComposition(prepared.composition, {
        output, format: 'mp4', signal, workers: render.workers ?? undefined,
        onProgress: throttledProgress((p) => store.tasks.setProgress(task.id, render.id, p.fraction)),
      });
      const { size } = await stat(output);
      const saved = store.tasks.complete(render.id, {
        videoPath: storage.relative(output), videoBytes: size, warnings: [...prepared.warnings, ...result.warnings], renderedConfigHash: task.configHash,
      });
      if (!saved) {
        await rm(output, { force: true }); // the task was deleted or re-rendered meanwhile
        return;
      }
      if (saved.previousVideoPath && saved.previousVideoPath !== saved.task.videoPath) await storage.remove(saved.previousVideoPath);
      log.info({ taskId: task.id, renderId: render.id, frames: result.frames, ms: Math.round(result.timings.totalMs) }, 'render completed');
      sendWebhook(saved.task, render.id, render.webhookUrl);
    } catch (err) {
      await rm(output, { force: true }).catch(() => undefined);
      const reason = signal.aborted ? (signal.reason as CancelReason) : undefined;
      if (reason === 'shutdown') {
        store.tasks.requeue(render.id, false);
        log.info({ taskId: task.id, renderId: render.id }, 'render interrupted by shutdown; re-queued for the next start');
        return;
      }
      if (reason === 'deleted') return; // the delete route refunds and removes the task
      const failure = failureOf(err);
      if (failure.code === 'ERR_INTERNAL' || failure.code.startsWith('ERR_FFMPEG')) log.error({ err, taskId: task.id, renderId: render.id }, 'render failed');
      const failed = store.tasks.fail(render.id, failure);
      if (failed) sendWebhook(failed, render.id, render.webhookUrl, failure.message);
    }
  };
  const process: ProcessRender = async (job, signal) => {
    const kind = job.kind ?? 'task';
    if (kind === 'task') return processTask(job, signal);
    const routed = routes.get(kind);
    if (routed) return routed(job, signal);
    log.error({ renderId: job.renderId, kind }, 'no processor for this kind of render; left as it is');
  };
  return { process, sendWebhook, route: (kind, fn) => void routes.set(kind, fn) };
}

/**
 * Restart recovery: every render left queued goes back to the driver; one left running (the
 * process died under it) is re-queued until it has been interrupted `maxAttempts` times, then
 * failed with that reason and refunded.
 */
export function recoverRenders(deps: Pick<RenderProcessorDeps, 'store' | 'log'> & {
  maxAttempts: number;
  enqueue: (job: RenderJob) => void;
  onFailed: (task: TaskRecord, renderId: string, webhookUrl: string | null, error: string) => void;
}): { requeued: number; failed: number } {
  const { store } = deps;
  const counts = recoverUnfinished(store.tasks.unfinishedRenders(), {
    maxAttempts: deps.maxAttempts,
    wasRunning: (render) => render.status === 'running',
    fail: (render, error) => {
      const task = store.tasks.fail(render.id, { message: error, code: 'ERR_RENDER_INTERRUPTED' });
      if (task) deps.onFailed(task, render.id, render.webhookUrl, error);
    },
    requeue: (render) => store.tasks.requeue(render.id, true),
    enqueue: (render) => deps.enqueue({ renderId: render.id, taskId: render.taskId }),
  });
  if (counts.requeued + counts.failed > 0) deps.log.info(counts, 'renders recovered after restart');
  return counts;
}
