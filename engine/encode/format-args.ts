/**
 * ffmpeg command lines per output format: the segment encode (raw RGBA frames on stdin
 * → one segment file in the final codec) and the finalize step (segments joined without
 * re-encoding, sound muxed in, container written). Pure.
 */
import type { OutputSpec } from '../output/output-spec.js';
import { bitrateArgs, BT709_TAGS, buildVideoEncodeArgs, quietArgs, rawFramesInputArgs, type H264Encoder } from './ffmpeg-args.js';

type VideoSpec = Extract<OutputSpec, { kind: 'video' }>;

/** How segments of a format are stored until they are joined. */
export function segmentExtension(spec: VideoSpec): string {
  switch (spec.videoCodec) {
    case 'h264': return '.mp4';
    case 'vp9': return '.webm';
    case 'prores': return '.mov';
    case 'gif': return '.mkv'; // lossless FFV1 intermediate; the palette is built over the whole video
  }
}

export interface SegmentEncodeOptions {
  spec: VideoSpec;
  encoder: H264Encoder;
  output: string;
  /** x264 / libvpx threads; undefined = ffmpeg's default. */
  threads?: number;
  preset?: string;
  crf?: number;
}

/** Raw RGBA frames in (ffmpeg-args.ts: every frame kept with its own timestamp). */
function rawInput(spec: VideoSpec): string[] {
  return rawFramesInputArgs({ inputPixelFormat: 'rgba', width: spec.width, height: spec.height, fps: spec.fps });
}

/** Default VP9 constant quality (lower is better; 31 is libvpx's recommendation for 1080p). */
export const DEFAULT_VP9_CRF = 31;

function vp9Args(o: SegmentEncodeOptions): string[] {
  const { spec } = o;
  const rate = spec.videoBitrateKbps === undefined
    ? ['-crf', String(o.crf ?? DEFAULT_VP9_CRF), '-b:v', '0']
    : bitrateArgs(spec.videoBitrateKbps);
  return [
    ...rawInput(spec),
    '-an',
    // Alpha: yuva420p keeps it in a VP9 side channel; -auto-alt-ref 0 is required with alpha.
    '-vf', `scale=out_color_matrix=bt709:out_range=tv,format=${spec.transparent ? 'yuva420p' : 'yuv420p'}`,
    '-c:v', 'libvpx-vp9', ...rate,
    // "good" deadline with cpu-used 4 and row multithreading: a usable speed without the
    // quality loss of realtime mode.
    '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1',
    ...(spec.transparent ? ['-auto-alt-ref', '0'] : []),
    ...(o.threads === undefined ? [] : ['-threads', String(o.threads)]),
    ...BT709_TAGS, '-color_range', 'tv',
    '-f', 'webm', o.output,
  ];
}

function proresArgs(o: SegmentEncodeOptions): string[] {
  return [
    ...rawInput(o.spec),
    '-an',
    // ProRes 4444 with a 10-bit alpha plane: the format editors expect for transparent overlays.
    '-c:v', 'prores_ks', '-profile:v', '4444', '-pix_fmt', 'yuva444p10le', '-vendor', 'apl0',
    ...(o.threads === undefined ? [] : ['-threads', String(o.threads)]),
    ...BT709_TAGS,
    '-f', 'mov', o.output,
  ];
}

function ffv1Args(o: SegmentEncodeOptions): string[] {
  return [...rawInput(o.spec), '-an', '-c:v', 'ffv1', '-pix_fmt', 'bgr0', '-f', 'matroska', o.output];
}

/** Arguments that encode raw RGBA frames from stdin into one segment file. */
export function buildSegmentEncodeArgs(o: SegmentEncodeOptions): string[] {
  const { spec } = o;
  switch (spec.videoCodec) {
    case 'h264':
      return buildVideoEncodeArgs({
        width: spec.width, height: spec.height, fps: spec.fps, inputPixelFormat: 'rgba', encoder: o.encoder,
        output: o.output, preset: o.preset, crf: o.crf, threads: o.threads, videoBitrateKbps: spec.videoBitrateKbps,
        faststart: false,
      });
    case 'vp9': return vp9Args(o);
    case 'prores': return proresArgs(o);
    case 'gif': return ffv1Args(o);
  }
}

/**
 * The concat demuxer's list file: one `file '…'` line per segment (quotes escaped), each
 * with its exact `duration` (frames / fps). Without it the demuxer offsets the next
 * segment by the container's duration, which x264's B-frame delay stretches by a few
 * ticks, and timestamps drift at every boundary.
 */
export function concatList(segments: Array<{ file: string; frames: number }>, fps: number): string {
  return segments.map((s) => `file '${s.file.replace(/'/g, "'\\''")}'\nduration ${s.frames / fps}`).join('\n') + '\n';
}

export interface FinalizeOptions {
  spec: VideoSpec;
  /** The concat list file naming the segments in order. */
  listFile: string;
  /** The whole timeline's sound as a file, or undefined for none. */
  audioFile?: string;
  output: string;
}

function audioCodecArgs(spec: VideoSpec): string[] {
  if (spec.audioCodec === 'opus') return ['-c:a', 'libopus', '-b:a', `${spec.audioBitrateKbps}k`];
  return ['-c:a', 'aac', '-b:a', `${spec.audioBitrateKbps}k`];
}

/**
 * Joins the segments without re-encoding (concat demuxer, stream copy: every segment
 * starts on a keyframe because it is its own encode) and muxes the sound in.
 */
export function buildFinalizeArgs(o: FinalizeOptions): string[] {
  const { spec } = o;
  const inputs = ['-f', 'concat', '-safe', '0', '-i', o.listFile, ...(o.audioFile ? ['-i', o.audioFile] : [])];
  const maps = ['-map', '0:v:0', ...(o.audioFile ? ['-map', '1:a:0', ...audioCodecArgs(spec)] : [])];
  const container = spec.format === 'webm' ? ['-f', 'webm'] : ['-movflags', '+faststart+write_colr', '-f', spec.format === 'mov' ? 'mov' : 'mp4'];
  return [...quietArgs(), ...inputs, ...maps, '-c:v', 'copy', ...container, o.output];
}

/** GIF pass 1: one palette for the whole video (memory stays flat: only statistics are kept). */
export function buildGifPaletteArgs(listFile: string, palette: string): string[] {
  return [...quietArgs(), '-f', 'concat', '-safe', '0', '-i', listFile, '-vf', 'palettegen=stats_mode=full', '-f', 'image2', palette];
}

/** GIF pass 2: map every frame to the palette with error-diffusion dithering; loops forever. */
export function buildGifArgs(listFile: string, palette: string, output: string): string[] {
  return [
    ...quietArgs(), '-f', 'concat', '-safe', '0', '-i', listFile, '-i', palette,
    '-lavfi', '[0:v][1:v]paletteuse=dither=sierra2_4a', '-loop', '0', '-f', 'gif', output,
  ];
}
