/**
 * Pure builders of ffmpeg command lines (no spawning, no file system).
 *
 * The video encode reads raw RGBA frames from stdin and writes an H.264 / yuv420p / BT.709
 * MP4 that holds exactly the frames written, at exactly the declared integer rate.
 * docs/encoding.md explains every flag; the comments below say why each group is there.
 */
import { FramesmithError } from '../errors.js';

/** H.264 encoders the engine knows how to drive. */
export type H264Encoder = 'libx264' | 'h264_nvenc';

/** Every H.264 encoder name accepted by {@link buildVideoEncodeArgs}. */
export const H264_ENCODERS: readonly H264Encoder[] = ['libx264', 'h264_nvenc'];

/**
 * x264 constant-rate factor used when none is given. 18 is the usual "visually transparent"
 * point: x264's own default (23) shows ringing around text and banding in the flat colours and
 * soft gradients typical of motion graphics; going lower mostly grows files for no visible gain.
 */
export const DEFAULT_X264_CRF = 18;
/** x264 preset used when none is given: ffmpeg's own default, a sane speed/size balance. */
export const DEFAULT_X264_PRESET = 'medium';
/** NVENC constant-quality level used when none is given (roughly x264 CRF 18 territory). */
export const DEFAULT_NVENC_CQ = 19;
/** NVENC preset used when none is given (p1 fastest .. p7 best; needs ffmpeg >= 4.4 / SDK 10). */
export const DEFAULT_NVENC_PRESET = 'p4';

/**
 * Options of {@link buildVideoEncodeArgs}.
 *
 * Frames are `width * height * 4` bytes of RGBA as Skia hands them out. Skia stores
 * premultiplied alpha; for opaque pixels (alpha 255) that is byte-for-byte the same as straight
 * RGBA. yuv420p has no alpha channel and ffmpeg simply drops it, so a translucent pixel shows its
 * premultiplied colour, i.e. as if composited over black. Render an opaque background.
 */
export interface VideoEncodeOptions {
  /** Frame width in pixels; must be even (yuv420p subsamples chroma 2x2). */
  width: number;
  /** Frame height in pixels; must be even. */
  height: number;
  /** Frames per second, a positive integer. */
  fps: number;
  /** Layout of the bytes written to stdin. Only straight (or opaque premultiplied) RGBA. */
  inputPixelFormat: 'rgba';
  encoder: H264Encoder;
  /** Output file path (seekable: `+faststart` rewrites the file at the end). */
  output: string;
  /** Encoder preset; default `medium` (x264) or `p4` (NVENC). */
  preset?: string;
  /** x264 constant-rate factor 0..51, default {@link DEFAULT_X264_CRF}. Ignored by NVENC and when a bitrate is set. */
  crf?: number;
  /** NVENC constant-quality level 0..51, default {@link DEFAULT_NVENC_CQ}. Ignored by x264 and when a bitrate is set. */
  cq?: number;
  /** Target bitrate in kbit/s; when set, replaces CRF/CQ by a capped bitrate (`-b:v/-maxrate/-bufsize`). */
  videoBitrateKbps?: number;
  /** x264 worker threads (`-threads`); undefined = ffmpeg's default (all cores). Ignored by NVENC. */
  threads?: number;
  /** Keyframe interval in frames (`-g`); undefined = the encoder's default. */
  gopFrames?: number;
  /** Move the `moov` index to the front for progressive playback (`+faststart`); default true. */
  faststart?: boolean;
  /** Extra output options, inserted just before the output path. */
  extraOutputArgs?: string[];
}

/**
 * Builds the ffmpeg arguments that encode raw RGBA frames read from stdin (`pipe:0`) into an
 * H.264 yuv420p BT.709 MP4 holding exactly the frames written at exactly `fps`.
 *
 * @throws FramesmithError ERR_TIMELINE_INVALID (stage `encode`) for odd dimensions, a non-integer
 *   rate or out-of-range quality settings; the composition validator should catch these first.
 */
export function buildVideoEncodeArgs(opts: VideoEncodeOptions): string[] {
  validateVideoEncodeOptions(opts);
  return [
    ...globalArgs(),
    ...rawVideoInputArgs(opts),
    ...colourConversionArgs(),
    ...encoderArgs(opts),
    ...containerArgs(opts),
    ...(opts.extraOutputArgs ?? []),
    safeOutputPath(opts.output),
  ];
}

/**
 * Arguments that make an ffmpeg run quiet, non-interactive and non-blocking.
 *
 * - `-hide_banner -loglevel error`: stderr then holds only real errors, so its tail is a useful
 *   error message rather than a build banner and progress lines.
 * - `-nostdin`: never read keyboard commands; stdin is (or may be) our frame pipe.
 * - `-y`: overwrite the output instead of asking a question nobody can answer.
 */
export function quietArgs(): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
}

/**
 * Global options of the video encode.
 *
 * `-vsync passthrough`: each input frame becomes one output frame with its own timestamp, never
 * dropped or duplicated. The default (cfr for MP4) would "fix" timing by dup/drop. The string form
 * works in ffmpeg 4.1 through 7.x (5.1 added `-fps_mode`, absent from 4.1, and deprecated the
 * numeric `-vsync 0`). No output `-r`: with passthrough, 4.1 logs "Using -vsync 0 and -r can
 * produce invalid output files", and it is not needed: the rawvideo demuxer stamps frame i at
 * exactly i/fps, and the encoder time base and the stream's frame rate follow from `-framerate`.
 */
function globalArgs(): string[] {
  return [...quietArgs(), '-vsync', 'passthrough'];
}

/**
 * Input: headerless frames on stdin. rawvideo cannot guess anything, so the layout (`-pix_fmt`),
 * size (`-s`) and rate (`-framerate`, which timestamps frame i at i/fps) are all spelt out.
 */
function rawVideoInputArgs(o: Pick<VideoEncodeOptions, 'inputPixelFormat' | 'width' | 'height' | 'fps'>): string[] {
  return ['-f', 'rawvideo', '-pix_fmt', o.inputPixelFormat, '-s', `${o.width}x${o.height}`, '-framerate', String(o.fps), '-i', 'pipe:0'];
}

/** The start of every encode of raw frames from stdin: global options, then the rawvideo input. */
export function rawFramesInputArgs(o: Pick<VideoEncodeOptions, 'inputPixelFormat' | 'width' | 'height' | 'fps'>): string[] {
  return [...globalArgs(), ...rawVideoInputArgs(o)];
}

/** The BT.709 tags of a converted stream (matrix, primaries, transfer). */
export const BT709_TAGS: readonly string[] = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];

/**
 * RGB -> Y'CbCr conversion and its labelling.
 *
 * swscale converts RGB to YUV with the BT.601 matrix unless told otherwise, while HD/web players
 * decode untagged or BT.709-tagged H.264 with BT.709: a mismatch visibly shifts reds and greens.
 * So the conversion is pinned to BT.709, limited ("tv") range, in the filter graph
 * (`scale=out_color_matrix=bt709:out_range=tv,format=yuv420p`), and the stream is tagged to match
 * (`-colorspace/-color_primaries/-color_trc bt709 -color_range tv`, written by x264/NVENC into the
 * H.264 VUI). `-pix_fmt yuv420p` (4:2:0, 8-bit) is the only layout every decoder plays; `-an`
 * because this stream is video only (audio is muxed in a later step).
 */
function colourConversionArgs(): string[] {
  return [
    '-an',
    '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p',
    '-pix_fmt', 'yuv420p',
    ...BT709_TAGS,
    '-color_range', 'tv',
  ];
}

/** Codec, speed/quality and GOP options for the chosen encoder. */
function encoderArgs(o: VideoEncodeOptions): string[] {
  const gop = o.gopFrames === undefined ? [] : ['-g', String(o.gopFrames)];
  return o.encoder === 'libx264' ? [...x264Args(o), ...gop] : [...nvencArgs(o), ...gop];
}

/**
 * libx264: `-preset` trades speed for size, `-crf` keeps constant quality (default 18, see
 * {@link DEFAULT_X264_CRF}) unless a bitrate is asked for; `-threads` bounds CPU use when several
 * renders share a machine.
 */
function x264Args(o: VideoEncodeOptions): string[] {
  const rate = o.videoBitrateKbps === undefined ? ['-crf', String(o.crf ?? DEFAULT_X264_CRF)] : bitrateArgs(o.videoBitrateKbps);
  const threads = o.threads === undefined ? [] : ['-threads', String(o.threads)];
  return ['-c:v', 'libx264', '-preset', o.preset ?? DEFAULT_X264_PRESET, ...rate, ...threads];
}

/**
 * h264_nvenc (GPU): `-preset p4 -tune hq` is the balanced high-quality preset of SDK 10+ (ffmpeg
 * >= 4.4, e.g. Debian's 5.1); `-rc vbr -cq 19 -b:v 0` is constant-quality VBR, where `-b:v 0`
 * lifts the 2 Mbit/s average-bitrate default that would otherwise cap the quality target.
 * Frames are still converted to yuv420p on the CPU by the same filter, so colours match x264.
 */
export function nvencArgs(o: Pick<VideoEncodeOptions, 'preset' | 'cq' | 'videoBitrateKbps'> = {}): string[] {
  const rate = o.videoBitrateKbps === undefined ? ['-cq', String(o.cq ?? DEFAULT_NVENC_CQ), '-b:v', '0'] : bitrateArgs(o.videoBitrateKbps);
  return ['-c:v', 'h264_nvenc', '-preset', o.preset ?? DEFAULT_NVENC_PRESET, '-tune', 'hq', '-rc', 'vbr', ...rate];
}

/** Average bitrate capped at the same peak, with a two-second VBV buffer (`-bufsize` = 2x the rate). */
export function bitrateArgs(kbps: number): string[] {
  const k = Math.round(kbps);
  return ['-b:v', `${k}k`, '-maxrate', `${k}k`, '-bufsize', `${2 * k}k`];
}

/**
 * Container: `-f mp4` whatever the file extension; `+faststart` moves the index (`moov`) to the
 * front so browsers can play while downloading; `+write_colr` adds the `colr` atom (ffmpeg 4.1
 * omits it from MP4 by default) because QuickTime/Safari read colour from it, not from the VUI.
 */
function containerArgs(o: VideoEncodeOptions): string[] {
  const flags = (o.faststart ?? true) ? '+faststart+write_colr' : '+write_colr';
  return ['-movflags', flags, '-f', 'mp4'];
}

/** A path starting with `-` would be parsed as an option; `./` keeps it a relative path. */
function safeOutputPath(output: string): string {
  return output.startsWith('-') ? `./${output}` : output;
}

/** Checks every option; throws on the first problem. */
function validateVideoEncodeOptions(o: VideoEncodeOptions): void {
  for (const key of ['width', 'height'] as const) {
    const v = o[key];
    requireThat(Number.isInteger(v) && v > 0, key, v, `${key} must be a positive integer`);
    requireThat(v % 2 === 0, key, v, `${key} ${v} is odd; H.264 yuv420p needs even dimensions (use ${v + 1} or ${v - 1})`);
  }
  requireThat(Number.isInteger(o.fps) && o.fps > 0, 'fps', o.fps, 'fps must be a positive integer');
  requireThat(o.inputPixelFormat === 'rgba', 'inputPixelFormat', o.inputPixelFormat, "inputPixelFormat must be 'rgba'");
  requireThat(H264_ENCODERS.includes(o.encoder), 'encoder', o.encoder, `encoder must be one of ${H264_ENCODERS.join(', ')}`);
  requireThat(typeof o.output === 'string' && o.output !== '', 'output', o.output, 'output path must be a non-empty string');
  optional(o.crf, 'crf', (v) => v >= 0 && v <= 51, 'crf must be between 0 and 51');
  optional(o.cq, 'cq', (v) => v >= 0 && v <= 51, 'cq must be between 0 and 51');
  optional(o.videoBitrateKbps, 'videoBitrateKbps', (v) => Number.isFinite(v) && v >= 1, 'videoBitrateKbps must be at least 1');
  optional(o.threads, 'threads', (v) => Number.isInteger(v) && v >= 0, 'threads must be a non-negative integer');
  optional(o.gopFrames, 'gopFrames', (v) => Number.isInteger(v) && v >= 1, 'gopFrames must be a positive integer');
}

function optional(value: number | undefined, key: string, ok: (v: number) => boolean, message: string): void {
  if (value !== undefined) requireThat(typeof value === 'number' && ok(value), key, value, message);
}

function requireThat(condition: boolean, option: string, value: unknown, message: string): void {
  if (condition) return;
  throw new FramesmithError('ERR_TIMELINE_INVALID', `invalid encode setting: ${message}`, {
    stage: 'encode',
    details: { option, value },
  });
}
