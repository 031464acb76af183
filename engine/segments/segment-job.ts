/**
 * One segment of a render as a serialisable job: everything a worker thread or child
 * process needs to draw its frames and encode them into its own file.
 */
import type { Composition } from '../model/composition.js';
import type { OutputSpec } from '../output/output-spec.js';
import type { H264Encoder } from '../encode/ffmpeg-args.js';
import { buildSegmentEncodeArgs } from '../encode/format-args.js';
import { encodeFrames, type FrameTimings } from '../render/encode-frames.js';
import { prepareNodeResources, type NodeResources } from '../render/node-resources.js';
import { FramesmithError } from '../errors.js';
import { createVideoFeeder, type VideoFeeder, type VideoSources } from '../render/video-feeder.js';

export interface SegmentJob {
  index: number;
  composition: Composition;
  range: [number, number];
  spec: Extract<OutputSpec, { kind: 'video' }>;
  encoder: H264Encoder;
  ffmpegPath: string;
  ffprobePath: string;
  output: string;
  threads?: number;
  preset?: string;
  crf?: number;
  /** Video sources resolved and probed once for the whole render. */
  videos?: VideoSources;
}

export interface SegmentHooks {
  signal?: AbortSignal;
  /** Already prepared resources for this composition (inline runs reuse the pre-flight's). */
  resources?: NodeResources;
  onFrame?: () => void;
  onEncoderPid?: (pid: number | undefined) => void;
}

export interface SegmentResult {
  timings: FrameTimings;
  /** Substitutions made while drawing (missing fonts), for the render report. */
  warnings: string[];
}

/** Renders one segment in the current thread. */
export async function runSegmentJob(job: SegmentJob, hooks: SegmentHooks = {}): Promise<SegmentResult> {
  const resources = hooks.resources ?? (await prepareNodeResources(job.composition));
  const feeder = await createVideoFeeder({
    composition: job.composition, resources, range: job.range, ffmpegPath: job.ffmpegPath, ffprobePath: job.ffprobePath, sources: job.videos,
    scaleX: job.spec.width / job.composition.width, scaleY: job.spec.height / job.composition.height, signal: hooks.signal,
  });
  try {
    return { timings: await encodeJob(job, resources, feeder, hooks), warnings: resources.warnings };
  } finally {
    await feeder?.close();
  }
}

async function encodeJob(job: SegmentJob, resources: NodeResources, feeder: VideoFeeder | undefined, hooks: SegmentHooks): Promise<FrameTimings> {
  return encodeFrames({
    composition: job.composition,
    resources,
    range: job.range,
    width: job.spec.width,
    height: job.spec.height,
    alpha: job.spec.transparent ? 'straight' : 'premultiplied',
    ffmpegPath: job.ffmpegPath,
    args: buildSegmentEncodeArgs({
      spec: job.spec, encoder: job.encoder, output: job.output, threads: job.threads, preset: job.preset, crf: job.crf,
    }),
    feeder,
    signal: hooks.signal,
    onFrame: hooks.onFrame,
    onEncoderPid: hooks.onEncoderPid,
  });
}

/** A FramesmithError (or any error) as plain data, to cross a thread or process boundary. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (err instanceof FramesmithError) return err.toJSON();
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** The reverse of {@link serializeError}: coded errors keep their code, stage, issues and details. */
export function deserializeError(data: Record<string, unknown>): Error {
  if (typeof data.code === 'string') {
    return new FramesmithError(data.code as FramesmithError['code'], String(data.message), {
      stage: data.stage as FramesmithError['stage'],
      issues: (data.issues as FramesmithError['issues']) ?? [],
      details: (data.details as Record<string, unknown>) ?? {},
    });
  }
  const e = new Error(String(data.message));
  if (typeof data.stack === 'string') e.stack = data.stack;
  return e;
}
