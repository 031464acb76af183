/**
 * One Framelane render, start to end, as the render driver runs it (job kind `framelane`):
 * compile the stored body again (uploads resolved, LUTs loaded), render the artifact into
 * `renders/<id>/<id>.<format>`, record the outcome (refunding a failure), then send the webhook.
 * A render stopped by `DELETE /v1/renders/{id}` leaves nothing behind (the engine writes into a
 * temporary folder and moves the file into place only at the end; the render's folder is
 * removed), and the cancel route records the new state; one stopped by a shutdown goes back to
 * the queue.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadLookupTables } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import type { RenderProgress } from '../../engine/progress.js';
import { isFramelaneApiError } from '../errors.js';
import type { CancelReason, ProcessRender, RenderJob } from '../render/render-driver.js';
import { recoverUnfinished, throttledProgress } from '../render/render-lifecycle.js';
import type { Storage } from '../storage/storage.js';
import type { FlProgressStage, FlRenderRecord, FramelaneStore } from '../store/framelane-store.js';
import type { FramelaneEvents } from './events.js';
import type { PreparedRender } from './prepare.js';

export interface FramelaneProcessorDeps {
  store: FramelaneStore;
  storage: Storage;
  events: FramelaneEvents;
  /** Validates and compiles a stored body for its owner (see prepare.ts). */
  prepare: (ownerId: string, body: unknown) => PreparedRender;
  log: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

/** The engine's stages as the job's `progress_stage` (§1.7). */
const STAGES: Readonly<Record<RenderProgress['stage'], FlProgressStage>> = {
  validate: 'downloading',
  prepare: 'downloading',
  render: 'compositing',
  finalize: 'encoding',
  done: 'uploading',
};

/**
 * The `{ code, message }` of a failed render in Framelane's codes (§7.2): source problems are
 * `source_not_found`, `source_too_large`, `codec_unsupported` or `invalid_source`; anything the
 * engine did not raise on purpose is `internal` behind a generic message (logged).
 */
export function framelaneFailureOf(err: unknown, describe: (m: string) => string = (m) => m): { code: string; message: string } {
  if (isFramelaneApiError(err)) return { code: err.code, message: err.message };
  const e = err as { name?: unknown; code?: unknown; message?: unknown; details?: Record<string, unknown> } | null;
  if (e && e.name === 'FramesmithError' && typeof e.code === 'string') {
    const message = describe(String(e.message));
    const reason = typeof e.details?.reason === 'string' ? e.details.reason : '';
    switch (e.code) {
      case 'ERR_FILE_NOT_FOUND':
        return { code: 'source_not_found', message };
      case 'ERR_ASSET_UNREADABLE':
        if (/^HTTP 404\b/.test(reason)) return { code: 'source_not_found', message };
        if (/byte limit/.test(reason) || /byte limit/.test(message)) return { code: 'source_too_large', message };
        if (/cannot decode/.test(message)) return { code: 'codec_unsupported', message };
        return { code: 'invalid_source', message };
      case 'ERR_TIMELINE_INVALID':
        return { code: 'invalid_request', message };
      default:
        break;
    }
  }
  return { code: 'internal', message: 'internal error during the render; the server log has the details' };
}

export interface FramelaneProcessor {
  process: ProcessRender;
  /**
   * Restart recovery: renders left queued go back to the driver; one left processing (the
   * process died under it) is re-queued until it has been interrupted `maxAttempts` times, then
   * failed (refunded, webhook sent).
   */
  recover(maxAttempts: number, enqueue: (job: RenderJob) => void): { requeued: number; failed: number };
}

export function createFramelaneProcessor(deps: FramelaneProcessorDeps): FramelaneProcessor {
  const { store, storage, events, log } = deps;

  const reportProgress = (render: FlRenderRecord) => {
    const throttle = events.progressThrottle();
    return throttledProgress((p: RenderProgress): void => {
      // 100 only once the artifact is saved.
      store.setProgress(render.id, Math.min(99, p.fraction * 100), STAGES[p.stage]);
      // The progress webhook needs the whole row; without a webhook nothing is read back.
      if (!render.webhookUrl) return;
      const current = store.byId(render.id);
      if (current?.status === 'processing') throttle(current);
    });
  };

  const process: ProcessRender = async (job, signal) => {
    const render = store.byId(job.renderId);
    // Synchronously up to here: a cancel that removed it from the queue cannot interleave.
    if (!render || !store.markProcessing(render.id)) return;
    const dir = storage.rendersDir(render.id);
    const output = path.join(dir, `${render.id}.${render.outputFormat}`);
    let describe = (m: string) => m;
    try {
      const prepared = deps.prepare(render.ownerId, JSON.parse(render.body));
      describe = prepared.describe;
      const { job: compiled } = prepared;
      await loadLookupTables(compiled.composition, { signal });
      await mkdir(dir, { recursive: true });
      log.info({ renderId: render.id, format: render.outputFormat }, 'framelane render started');
      const result = await renderComposition(compiled.composition, { ...compiled.output, output, signal, onProgress: reportProgress(render) });
      const { size } = await stat(output);
      if (signal.aborted) throw new Error('cancelled after the artifact was written');
      const saved = store.complete(render.id, {
        path: storage.relative(output), width: result.width, height: result.height, duration: result.durationSeconds, bytes: size,
        warnings: [...compiled.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)), ...result.warnings],
      });
      if (!saved) {
        await rm(dir, { recursive: true, force: true });
        return;
      }
      log.info({ renderId: render.id, frames: result.frames, ms: Math.round(result.timings.totalMs) }, 'framelane render completed');
      events.send(saved, 'render.completed');
    } catch (err) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      const reason = signal.aborted ? (signal.reason as CancelReason) : undefined;
      if (reason === 'shutdown') {
        store.requeue(render.id, false);
        log.info({ renderId: render.id }, 'framelane render interrupted by shutdown; re-queued for the next start');
        return;
      }
      if (reason !== undefined) return; // cancelled: DELETE /v1/renders/{id} records it
      const failure = framelaneFailureOf(err, describe);
      if (failure.code === 'internal') log.error({ err, renderId: render.id }, 'framelane render failed');
      const failed = store.finish(render.id, 'failed', failure);
      if (failed) events.send(failed, 'render.failed');
    }
  };

  const recover: FramelaneProcessor['recover'] = (maxAttempts, enqueue) => {
    const counts = recoverUnfinished(store.unfinished(), {
      maxAttempts,
      wasRunning: (render) => render.status === 'processing',
      fail: (render, message) => {
        const ended = store.finish(render.id, 'failed', { code: 'internal', message });
        if (ended) events.send(ended, 'render.failed');
      },
      requeue: (render) => store.requeue(render.id, true),
      enqueue: (render) => enqueue({ renderId: render.id, taskId: render.id, kind: 'framelane' }),
    });
    if (counts.requeued + counts.failed > 0) log.info(counts, 'framelane renders recovered after restart');
    return counts;
  };

  return { process, recover };
}
