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
  const fromEnv = Number(env.FRAMESMITH_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, Math.min(8, Math.floor(cpus / 2)));
}
