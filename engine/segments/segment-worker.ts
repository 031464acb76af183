/**
 * Entry point of a segment worker, as a worker thread or as a child process (same
 * protocol either way). Messages in: `start` (a SegmentJob), `abort`. Messages out:
 * `pid` (its ffmpeg), `frames` (progress, batched), `done`, `error`.
 */
import { parentPort } from 'node:worker_threads';
import { runSegmentJob, serializeError, type SegmentJob } from './segment-job.js';

export type ToWorker = { type: 'start'; job: SegmentJob } | { type: 'abort' };
export type FromWorker =
  | { type: 'pid'; pid: number | undefined }
  | { type: 'frames'; count: number }
  | { type: 'done'; result: Awaited<ReturnType<typeof runSegmentJob>> }
  | { type: 'error'; error: Record<string, unknown> };

const send: (msg: FromWorker) => void = parentPort
  ? (msg) => parentPort!.postMessage(msg)
  : (msg) => process.send?.(msg);

const controller = new AbortController();
let pending = 0;
let flushTimer: NodeJS.Timeout | undefined;

function flushFrames(): void {
  if (pending > 0) send({ type: 'frames', count: pending });
  pending = 0;
  flushTimer = undefined;
}

async function start(job: SegmentJob): Promise<void> {
  try {
    const result = await runSegmentJob(job, {
      signal: controller.signal,
      onEncoderPid: (pid) => send({ type: 'pid', pid }),
      onFrame: () => {
        pending++;
        flushTimer ??= setTimeout(flushFrames, 100);
      },
    });
    if (flushTimer) clearTimeout(flushTimer);
    flushFrames();
    send({ type: 'done', result });
  } catch (err) {
    if (flushTimer) clearTimeout(flushTimer);
    send({ type: 'error', error: serializeError(err) });
  } finally {
    // A child process leaves once its answer is sent; a thread ends when the parent is done with it.
    if (!parentPort) process.disconnect?.();
  }
}

function onMessage(msg: ToWorker): void {
  if (msg.type === 'start') void start(msg.job);
  else if (msg.type === 'abort') controller.abort();
}

if (parentPort) parentPort.on('message', onMessage);
else {
  process.on('message', onMessage);
  // The parent's Ctrl-C reaches this process too: abort cleanly instead of dying mid-write.
  process.on('SIGINT', () => controller.abort());
  process.on('SIGTERM', () => controller.abort());
}
