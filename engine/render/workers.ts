/**
 * How many segment workers a render uses by default, and where they run.
 * The figures behind both choices are in bench/README.md.
 */
import os from 'node:os';
import type { SegmentBackend } from '../segments/run-segments.js';

/** Segment workers run as worker threads (measured against child processes: bench/README.md). */
export const DEFAULT_SEGMENT_BACKEND: Exclude<SegmentBackend, 'inline'> = 'thread';

/**
 * Default worker count: one per two cores, at most 8, at least 1.
 * @remarks Each worker is a drawing thread plus an ffmpeg whose x264 already spreads over
 * several cores, so one worker per core oversubscribes the machine; on 2 cores one worker
 * keeps both busy and a second only adds contention (bench/README.md).
 */
export function defaultWorkerCount(cpus = os.availableParallelism?.() ?? os.cpus().length, env = process.env): number {
  const raw = env.FRAMESMITH_WORKERS?.trim();
  if (raw !== undefined && raw !== '') {
    // The same range as the CLI's --workers; a typo is an error, not a silent default.
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= 1 && n <= MAX_WORKERS)) throw new Error(`FRAMESMITH_WORKERS must be a whole number from 1 to ${MAX_WORKERS}, got "${env.FRAMESMITH_WORKERS}"`);
    return n;
  }
  return Math.max(1, Math.min(8, Math.floor(cpus / 2)));
}

/** The most segment workers one render may use (CLI, environment and server alike). */
export const MAX_WORKERS = 64;
