/**
 * Renders a composition to a file in any output format: plan → segments (in parallel
 * workers) → join without re-encoding → move into place. The output appears atomically:
 * everything is written in a temporary folder under the OS temp folder (`TMPDIR`) and
 * moved into place only after every step succeeded; the folder is removed on every path.
 */
import { createStillRenderer } from './render-still.js';
import { probeVideoSources } from './video-feeder.js';
import { copyFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Composition } from '../model/composition.js';
import type { H264Encoder } from '../encode/ffmpeg-args.js';
import { runFfmpeg } from '../encode/ffmpeg-process.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { quietArgs } from '../encode/ffmpeg-args.js';
import { renderAudioMix } from '../media/audio-mix.js';
import { buildAudioPlan } from './audio-plan.js';
import { encoderPreferenceFromEnv, probeH264Encoder } from '../encode/encoder-probe.js';
import { buildFinalizeArgs, buildGifArgs, buildGifPaletteArgs, concatList, segmentExtension } from '../encode/format-args.js';
import { formatFromPath, resolveOutputSpec, type OutputOptions, type OutputSpec } from '../output/output-spec.js';
import { planSegments } from '../segments/plan-segments.js';
import { runSegments, type SegmentBackend } from '../segments/run-segments.js';
import type { SegmentJob } from '../segments/segment-job.js';
import { createProgressTracker, type ProgressTracker, type RenderProgress } from '../progress.js';
import { FramesmithError } from '../errors.js';
import { type FrameTimings } from './encode-frames.js';
import { cancelledError } from '../errors.js';
import { prepareNodeResources } from './node-resources.js';
import { defaultWorkerCount, DEFAULT_SEGMENT_BACKEND } from './workers.js';

/** Encoding defaults for renders (docs/encoding.md). */
export const RENDER_DEFAULTS = { x264Preset: 'veryfast', crf: 18 } as const;

export interface RenderVideoOptions extends OutputOptions {
  /** Final output path; its extension picks the format unless `format` is given. */
  output: string;
  signal?: AbortSignal;
  onProgress?: (progress: RenderProgress) => void;
  /** `auto` probes (NVENC when a test encode works, else libx264). */
  encoder?: H264Encoder | 'auto';
  /** Parallel segment workers; default {@link defaultWorkerCount}. */
  workers?: number;
  /** Where segments run when there are several; default measured (bench/README.md). */
  backend?: Exclude<SegmentBackend, 'inline'>;
  preset?: string;
  crf?: number;
  /** Encoder threads per segment; undefined lets ffmpeg choose. */
  threads?: number;
  /** Frames [start, end) to render; default the whole timeline. */
  frameRange?: [number, number];
  /** Environment for ffmpeg paths and encoder preference (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RenderVideoResult {
  output: string;
  format: OutputSpec['format'];
  frames: number;
  fps: number;
  width: number;
  height: number;
  durationSeconds: number;
  /** The video encoder used (H.264 formats), and why it was chosen. */
  encoder?: H264Encoder;
  encoderReason?: string;
  workers: number;
  warnings: string[];
  timings: FrameTimings;
}

async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from).catch(() => undefined);
  }
}

function sumTimings(list: FrameTimings[], totalMs: number): FrameTimings {
  return list.reduce(
    (a, t) => ({ drawMs: a.drawMs + t.drawMs, readbackMs: a.readbackMs + t.readbackMs, pipeWaitMs: a.pipeWaitMs + t.pipeWaitMs, totalMs }),
    { drawMs: 0, readbackMs: 0, pipeWaitMs: 0, totalMs },
  );
}

/** Renders `comp` to `options.output` in the format asked for. Never leaves a partial output or temporary files. */
export async function renderComposition(comp: Composition, options: RenderVideoOptions): Promise<RenderVideoResult> {
  const spec = resolveOutputSpec(comp, { ...options, format: options.format ?? formatFromPath(options.output) ?? 'mp4' });
  const env = options.env ?? process.env;
  const { ffmpeg, ffprobe } = resolveFfmpegPaths(env);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-'));
  try {
    const tempOutput = path.join(tempDir, `output.${spec.format}`);
    const tools = { ffmpeg, ffprobe };
    const result = spec.kind === 'still'
      ? await renderStillFile(comp, spec, tempOutput, tools, options)
      : spec.kind === 'video'
        ? await renderVideoFile(comp, spec, tempOutput, tempDir, tools, env, options)
        : await renderAudioFile(comp, spec, tempOutput, tempDir, tools, options);
    if (options.signal?.aborted) throw cancelledError();
    await moveIntoPlace(tempOutput, options.output).catch((cause) => {
      throw new FramesmithError('ERR_OUTPUT_WRITE', `cannot write ${options.output}: ${(cause as Error).message}`, { stage: 'encode', cause });
    });
    return { ...result, output: options.output };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

interface Tools {
  ffmpeg: string;
  ffprobe: string;
}

/** Audio-only outputs: the whole timeline's mix, encoded as AAC (m4a) or MP3 at the asked bitrate. */
async function renderAudioFile(
  comp: Composition,
  spec: Extract<OutputSpec, { kind: 'audio' }>,
  file: string,
  tempDir: string,
  tools: Tools,
  options: RenderVideoOptions,
): Promise<Omit<RenderVideoResult, 'output'>> {
  const started = performance.now();
  const range = options.frameRange ?? [0, comp.durationInFrames];
  const wav = path.join(tempDir, 'mix.wav');
  await renderAudioMix(tools.ffmpeg, await buildAudioPlan(comp, range, options.signal), wav, { signal: options.signal, ffprobePath: tools.ffprobe });
  const codec = spec.audioCodec === 'mp3' ? ['-c:a', 'libmp3lame', '-f', 'mp3'] : ['-c:a', 'aac', '-movflags', '+faststart', '-f', 'ipod'];
  await runFfmpeg(tools.ffmpeg, [...quietArgs(), '-i', wav, '-b:a', `${spec.audioBitrateKbps}k`, ...codec, file], { signal: options.signal });
  const totalMs = performance.now() - started;
  const frames = range[1] - range[0];
  return {
    format: spec.format, frames: 0, fps: comp.fps, width: 0, height: 0, durationSeconds: frames / comp.fps, workers: 1,
    warnings: [], timings: { drawMs: 0, readbackMs: 0, pipeWaitMs: 0, totalMs },
  };
}

async function renderStillFile(
  comp: Composition,
  spec: Extract<OutputSpec, { kind: 'still' }>,
  file: string,
  tools: Tools,
  options: RenderVideoOptions,
): Promise<Omit<RenderVideoResult, 'output'>> {
  const started = performance.now();
  const still = await createStillRenderer(comp, {
    width: spec.width, height: spec.height, ffmpegPath: tools.ffmpeg, ffprobePath: tools.ffprobe, signal: options.signal,
  });
  const bytes = await still.encode(spec.frameIndex, spec.format);
  if (options.signal?.aborted) throw cancelledError();
  await writeFile(file, bytes);
  const totalMs = performance.now() - started;
  return {
    format: spec.format, frames: 1, fps: comp.fps, width: spec.width, height: spec.height, durationSeconds: 0, workers: 1,
    warnings: still.warnings, timings: { drawMs: totalMs, readbackMs: 0, pipeWaitMs: 0, totalMs },
  };
}

async function renderVideoFile(
  comp: Composition,
  spec: Extract<OutputSpec, { kind: 'video' }>,
  file: string,
  tempDir: string,
  tools: Tools,
  env: NodeJS.ProcessEnv,
  options: RenderVideoOptions,
): Promise<Omit<RenderVideoResult, 'output'>> {
  const { ffmpeg, ffprobe } = tools;
  const range = options.frameRange ?? [0, comp.durationInFrames];
  const progress = createProgressTracker(range[1] - range[0], options.onProgress);
  progress.stage('prepare');
  const requested = options.encoder ?? encoderPreferenceFromEnv(env) ?? 'auto';
  const choice = spec.videoCodec === 'h264'
    ? await probeH264Encoder(ffmpeg, { force: requested })
    : undefined;
  // Pre-flight: every image, SVG, icon and font loads, and every video is found and probed, before any worker starts.
  const resources = await prepareNodeResources(comp);
  const videos = await probeVideoSources(comp, range, { ffprobePath: ffprobe, signal: options.signal });
  const segments = planSegments(range, options.workers ?? defaultWorkerCount());
  const jobs: SegmentJob[] = segments.map((r, index) => ({
    index, composition: comp, range: r, spec, encoder: choice?.encoder ?? 'libx264', ffmpegPath: ffmpeg, ffprobePath: ffprobe, videos,
    output: path.join(tempDir, `seg-${String(index).padStart(3, '0')}${segmentExtension(spec)}`),
    threads: options.threads, crf: options.crf ?? (spec.videoCodec === 'h264' ? RENDER_DEFAULTS.crf : undefined),
    preset: options.preset ?? (choice?.encoder === 'libx264' ? RENDER_DEFAULTS.x264Preset : undefined),
  }));
  const started = performance.now();
  progress.stage('render');
  // Sound is mixed once over the whole timeline, beside the video segments, and muxed at
  // the end. Formats with sound always get a track, silent when nothing sounds.
  const audioFile = spec.audioCodec ? path.join(tempDir, 'mix.wav') : undefined;
  const mixAbort = new AbortController();
  const forward = () => mixAbort.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  const mixing = audioFile
    ? buildAudioPlan(comp, range, mixAbort.signal).then((plan) => renderAudioMix(ffmpeg, plan, audioFile, { signal: mixAbort.signal, ffprobePath: ffprobe }))
    : Promise.resolve();
  mixing.catch(() => undefined);
  let results: Awaited<ReturnType<typeof runSegments>>;
  try {
    results = await runSegments(jobs, {
      backend: jobs.length > 1 ? (options.backend ?? DEFAULT_SEGMENT_BACKEND) : 'inline',
      resources,
      signal: options.signal,
      onFrames: (count) => { for (let i = 0; i < count; i++) progress.frameDone(); },
    });
    await mixing;
  } catch (err) {
    mixAbort.abort();
    await mixing.catch(() => undefined);
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  progress.stage('finalize');
  await finalize(spec, jobs.map((j) => ({ file: j.output, frames: j.range[1] - j.range[0] })), tempDir, file, ffmpeg, audioFile, options.signal);
  progress.stage('done');
  const frames = range[1] - range[0];
  return {
    format: spec.format, frames, fps: comp.fps, width: spec.width, height: spec.height, durationSeconds: frames / comp.fps,
    encoder: choice?.encoder, encoderReason: choice?.reason, workers: jobs.length,
    warnings: [...new Set(results.flatMap((r) => r.warnings))],
    timings: sumTimings(results.map((r) => r.timings), performance.now() - started),
  };
}

/** Joins the segments into the output: stream copy for video formats, two palette passes for GIF. */
async function finalize(
  spec: Extract<OutputSpec, { kind: 'video' }>,
  segmentFiles: Array<{ file: string; frames: number }>,
  tempDir: string,
  file: string,
  ffmpeg: string,
  audioFile: string | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const listFile = path.join(tempDir, 'segments.txt');
  await writeFile(listFile, concatList(segmentFiles, spec.fps));
  if (spec.videoCodec === 'gif') {
    const palette = path.join(tempDir, 'palette.png');
    await runFfmpeg(ffmpeg, buildGifPaletteArgs(listFile, palette), { signal });
    await runFfmpeg(ffmpeg, buildGifArgs(listFile, palette, file), { signal });
    return;
  }
  await runFfmpeg(ffmpeg, buildFinalizeArgs({ spec, listFile, audioFile, output: file }), { signal });
}

export type { ProgressTracker };
