/**
 * Runs segment jobs in parallel, each in a worker thread or a child process, with one
 * AbortSignal reaching all of them. After a cancel or a failure every worker and every
 * ffmpeg has exited before this settles (forced after a grace period).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeError, runSegmentJob, type SegmentJob, type SegmentResult } from './segment-job.js';
import type { FromWorker, ToWorker } from './segment-worker.js';
import { cancelledError } from '../errors.js';
import type { NodeResources } from '../render/node-resources.js';

/** `inline` runs in this thread (one segment, no start-up cost). */
export type SegmentBackend = 'inline' | 'thread' | 'process';

/** How long a worker may take to clean up after an abort before it is killed. */
export const ABORT_GRACE_MS = 1500;

export interface RunSegmentsOptions {
  backend: SegmentBackend;
  /** For inline runs: resources prepared in this thread already. */
  resources?: NodeResources;
  signal?: AbortSignal;
  onFrames?: (count: number) => void;
}

/** The compiled worker entry: next to this module in dist/, or dist/ when running from sources. */
export function segmentWorkerPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'segment-worker.js');
  if (existsSync(sibling)) return sibling;
  return path.resolve(here, '..', '..', 'dist', 'engine', 'segments', 'segment-worker.js');
}

interface WorkerHandle {
  send(msg: ToWorker): void;
  /** Forcefully stops the worker. */
  kill(): void;
  /** Settles when the worker thread/process has gone. */
  exited: Promise<void>;
}

function startThread(onMessage: (m: FromWorker) => void, onExit: (code: number | null) => void): WorkerHandle {
  const worker = new Worker(segmentWorkerPath());
  worker.on('message', onMessage);
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', (code) => { onExit(code); resolve(); }));
  return { send: (m) => worker.postMessage(m), kill: () => void worker.terminate(), exited };
}

function startProcess(onMessage: (m: FromWorker) => void, onExit: (code: number | null) => void): WorkerHandle {
  const child: ChildProcess = fork(segmentWorkerPath(), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (m) => onMessage(m as FromWorker));
  child.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => { onExit(code); resolve(); }));
  return { send: (m) => { if (child.connected) child.send(m); }, kill: () => child.kill('SIGKILL'), exited };
}

function killPid(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs one job in a worker; resolves with its result or rejects with its error. */
function runInWorker(job: SegmentJob, backend: 'thread' | 'process', o: RunSegmentsOptions, abortAll: AbortSignal) {
  let encoderPid: number | undefined;
  let settled = false;
  let resolveResult!: (r: SegmentResult) => void;
  let rejectResult!: (e: Error) => void;
  const result = new Promise<SegmentResult>((res, rej) => { resolveResult = res; rejectResult = rej; });
  const onMessage = (m: FromWorker) => {
    if (m.type === 'pid') encoderPid = m.pid;
    else if (m.type === 'frames') o.onFrames?.(m.count);
    else if (m.type === 'done') { settled = true; resolveResult(m.result); }
    else if (m.type === 'error') { settled = true; rejectResult(deserializeError(m.error)); }
  };
  const onExit = (code: number | null) => {
    if (!settled) rejectResult(abortAll.aborted ? cancelledError() : new Error(`segment ${job.index} worker exited with code ${code}`));
  };
  const handle = backend === 'thread' ? startThread(onMessage, onExit) : startProcess(onMessage, onExit);
  const stop = async () => {
    handle.send({ type: 'abort' });
    const timer = setTimeout(() => { handle.kill(); killPid(encoderPid); }, ABORT_GRACE_MS);
    await handle.exited;
    clearTimeout(timer);
    killPid(encoderPid);
  };
  abortAll.addEventListener('abort', () => void stop(), { once: true });
  handle.send({ type: 'start', job });
  const finished = result.finally(async () => {
    // A thread lingers until told; a process leaves on its own after answering.
    if (backend === 'thread') handle.kill();
    await handle.exited;
  });
  return { result, finished };
}

/**
 * Runs every job; resolves with their results in job order. On the first failure, or
 * when `signal` aborts, all workers are stopped and their ffmpeg processes killed.
 */
export async function runSegments(jobs: SegmentJob[], o: RunSegmentsOptions): Promise<SegmentResult[]> {
  if (o.backend === 'inline') {
    const results: SegmentResult[] = [];
    for (const job of jobs) results.push(await runSegmentJob(job, { signal: o.signal, resources: o.resources, onFrame: () => o.onFrames?.(1) }));
    return results;
  }
  const abortAll = new AbortController();
  const onAbort = () => abortAll.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) abortAll.abort();
  const running = jobs.map((job) => runInWorker(job, o.backend as 'thread' | 'process', o, abortAll.signal));
  try {
    const results = await Promise.all(running.map((r) => r.result.catch((err: unknown) => { abortAll.abort(); throw err; })));
    return results;
  } catch (err) {
    abortAll.abort();
    throw o.signal?.aborted ? cancelledError() : err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled(running.map((r) => r.finished));
  }
}
