/**
 * One benchmark measurement, run in its own process by bench/run.js and printed as one
 * JSON line. Modes:
 * - `render`:    the whole pipeline (draw → readback → pipe → ffmpeg) on a composition;
 * - `pipe-only`: the same ffmpeg settings fed the same number of pre-filled raw frames;
 * - `draw-only`: draw + readback with no encoder, to see the renderer's own ceiling.
 */
import { createCanvas } from '@napi-rs/canvas';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadCompositionFile } from '../engine/load-composition.js';
import { renderComposition, RENDER_DEFAULTS } from '../engine/render/render-video.js';
import { prepareNodeResources } from '../engine/render/node-resources.js';
import { createFrameDrawer } from '../engine/draw/draw-frame.js';
import type { Canvas2D } from '../engine/draw/canvas2d.js';
import { buildVideoEncodeArgs } from '../engine/encode/ffmpeg-args.js';
import { startVideoEncoder } from '../engine/encode/ffmpeg-process.js';
import { resolveFfmpegPaths } from '../engine/encode/ffmpeg-path.js';
import { probeH264Encoder } from '../engine/encode/encoder-probe.js';
import { tierSize } from '../engine/output/output-spec.js';

interface Args {
  mode: string;
  composition: string;
  output: string;
  threads?: number;
  workers?: number;
  backend?: 'thread' | 'process';
  resolution?: '720p' | '1080p';
}

/** `mode composition [key=value ...]` with keys output, threads, workers, backend, resolution. */
function parse(argv: string[]): Args {
  const [mode = '', composition = '', ...rest] = argv;
  const kv = Object.fromEntries(rest.map((a) => a.split('=') as [string, string]));
  return {
    mode, composition,
    output: kv.output ?? path.join(os.tmpdir(), `framesmith-bench-${process.pid}.mp4`),
    threads: kv.threads ? Number(kv.threads) : undefined,
    workers: kv.workers ? Number(kv.workers) : undefined,
    backend: kv.backend as Args['backend'],
    resolution: kv.resolution as Args['resolution'],
  };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function render(a: Args) {
  const { composition, warnings } = await loadCompositionFile(a.composition);
  const started = performance.now();
  const result = await renderComposition(composition, {
    output: a.output, threads: a.threads, workers: a.workers ?? 1, backend: a.backend, resolution: a.resolution,
  });
  const wallMs = performance.now() - started;
  const t = result.timings;
  return {
    frames: result.frames, width: result.width, height: result.height, encoder: result.encoder, workers: result.workers,
    // Wall time of the whole render call: segments, joining and moving the file included.
    fps: result.frames / (wallMs / 1000),
    perFrameMs: { draw: t.drawMs / result.frames, readback: t.readbackMs / result.frames, pipeWait: t.pipeWaitMs / result.frames },
    peakRssMb: peakRssMb(), warnings,
  };
}

async function pipeOnly(a: Args) {
  const { composition: full } = await loadCompositionFile(a.composition);
  const size = a.resolution ? tierSize(full.width, full.height, a.resolution) : { width: full.width, height: full.height };
  const composition = { ...full, ...size };
  const { ffmpeg } = resolveFfmpegPaths();
  const { encoder } = await probeH264Encoder(ffmpeg);
  const frames = composition.durationInFrames;
  // A drawn frame, so the encoder sees realistic content rather than a flat colour.
  const resources = await prepareNodeResources(composition);
  const canvas = createCanvas(composition.width, composition.height);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(size.width / full.width, 0, 0, size.height / full.height, 0, 0);
  createFrameDrawer(full, resources).drawFrame(ctx as unknown as Canvas2D, Math.floor(frames / 2));
  const pixels = canvas.data();
  const proc = startVideoEncoder({
    ffmpegPath: ffmpeg,
    args: buildVideoEncodeArgs({
      width: composition.width, height: composition.height, fps: composition.fps, inputPixelFormat: 'rgba', encoder,
      output: a.output, preset: encoder === 'libx264' ? RENDER_DEFAULTS.x264Preset : undefined, crf: RENDER_DEFAULTS.crf, threads: a.threads,
    }),
  });
  const started = performance.now();
  for (let n = 0; n < frames; n++) await proc.writeFrame(pixels);
  await proc.finish();
  const ms = performance.now() - started;
  return { frames, width: composition.width, height: composition.height, encoder, fps: frames / (ms / 1000), peakRssMb: peakRssMb() };
}

async function drawOnly(a: Args) {
  const { composition } = await loadCompositionFile(a.composition);
  const resources = await prepareNodeResources(composition);
  const canvas = createCanvas(composition.width, composition.height);
  const ctx = canvas.getContext('2d') as unknown as Canvas2D;
  const drawer = createFrameDrawer(composition, resources);
  const frames = composition.durationInFrames;
  let drawMs = 0;
  let readbackMs = 0;
  for (let n = 0; n < frames; n++) {
    const t0 = performance.now();
    drawer.drawFrame(ctx, n);
    const t1 = performance.now();
    canvas.data();
    readbackMs += performance.now() - t1;
    drawMs += t1 - t0;
    if (process.env.BENCH_NO_YIELD !== '1') await nextTurn();
  }
  return {
    frames, width: composition.width, height: composition.height, fps: frames / ((drawMs + readbackMs) / 1000),
    perFrameMs: { draw: drawMs / frames, readback: readbackMs / frames }, peakRssMb: peakRssMb(),
  };
}

const args = parse(process.argv.slice(2));
const modes: Record<string, (a: Args) => Promise<object>> = { render, 'pipe-only': pipeOnly, 'draw-only': drawOnly };
const run = modes[args.mode];
if (!run) {
  process.stderr.write(`unknown mode "${args.mode}"\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ mode: args.mode, ...(await run(args)) })}\n`);
