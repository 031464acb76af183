/**
 * Reading a media file's container and stream facts with ffprobe.
 */
import { stat } from 'node:fs/promises';
import { runFfmpeg } from '../encode/ffmpeg-process.js';
import { FramesmithError, hasErrorCode } from '../errors.js';

/** A rational frame rate, e.g. 30000/1001. */
export interface FrameRate {
  num: number;
  den: number;
}

/** One stream of a probed file. Absent fields were not reported by ffprobe. */
export interface MediaStreamProbe {
  index: number;
  type: 'video' | 'audio' | 'other';
  /** ffprobe codec name (`h264`, `aac`, `png`...), `unknown` when ffprobe gave none. */
  codec: string;
  width?: number;
  height?: number;
  pixelFormat?: string;
  /** Average frame rate, or the base rate when the average is unknown. */
  frameRate?: FrameRate;
  /** Frames decoded (`nb_read_frames`) with `countFrames`, else the container's count (`nb_frames`). */
  frameCount?: number;
  durationSeconds?: number;
  sampleRate?: number;
  channels?: number;
  /** Colour tags (`bt709`, `tv`...), video only. */
  colorSpace?: string;
  colorPrimaries?: string;
  colorTransfer?: string;
  colorRange?: string;
  /** Display rotation in degrees (the `rotate` tag or the display matrix side data), video only. */
  rotationDegrees?: number;
}

/** What {@link probeMedia} returns. */
export interface MediaProbe {
  format: {
    /** Container duration; falls back to the longest stream, then 0 (e.g. a still image). */
    durationSeconds: number;
    /** ffprobe's demuxer name list, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
    formatName: string;
    /** Overall bitrate in bit/s. */
    bitRate?: number;
  };
  streams: MediaStreamProbe[];
}

/** Options of {@link probeMedia}. */
export interface ProbeMediaOptions {
  /** Decode the whole file to count frames exactly (slow on long files). */
  countFrames?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Probes `file` with `ffprobe -v error -print_format json -show_format -show_streams`
 * (plus `-count_frames` when asked).
 *
 * @throws FramesmithError ERR_FILE_NOT_FOUND when a local file does not exist,
 *   ERR_ASSET_UNREADABLE (path in the message) when ffprobe cannot read it,
 *   ERR_FFMPEG_SPAWN when ffprobe cannot be started, ERR_RENDER_CANCELLED on abort.
 */
export async function probeMedia(ffprobePath: string, file: string, opts: ProbeMediaOptions = {}): Promise<MediaProbe> {
  await assertExists(file);
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  if (opts.countFrames) args.push('-count_frames');
  args.push('-i', file); // -i: a name starting with '-' is still a file
  let stdout: Buffer;
  try {
    ({ stdout } = await runFfmpeg(ffprobePath, args, { signal: opts.signal, timeoutMs: opts.timeoutMs }));
  } catch (err) {
    if (!hasErrorCode(err, 'ERR_FFMPEG_EXIT')) throw err;
    throw unreadable(file, lastStderrLine(err as FramesmithError, file), err);
  }
  return parseProbeJson(file, stdout.toString('utf8'));
}

/**
 * Turns ffprobe's JSON (`-show_format -show_streams`) into a {@link MediaProbe}.
 *
 * @throws FramesmithError ERR_ASSET_UNREADABLE when the text is not ffprobe JSON with a format.
 */
export function parseProbeJson(file: string, json: string): MediaProbe {
  let raw: RawProbe;
  try {
    raw = JSON.parse(json) as RawProbe;
  } catch (cause) {
    throw unreadable(file, 'ffprobe printed invalid JSON', cause);
  }
  if (typeof raw !== 'object' || raw === null || typeof raw.format !== 'object' || raw.format === null) {
    throw unreadable(file, 'ffprobe found no container format');
  }
  const streams = (Array.isArray(raw.streams) ? raw.streams : []).map(toStream);
  const longest = Math.max(0, ...streams.map((s) => s.durationSeconds ?? 0));
  return {
    format: {
      durationSeconds: num(raw.format.duration) ?? longest,
      formatName: raw.format.format_name ?? 'unknown',
      ...defined('bitRate', num(raw.format.bit_rate)),
    },
    streams,
  };
}

interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  color_space?: string;
  color_primaries?: string;
  color_transfer?: string;
  color_range?: string;
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

interface RawProbe {
  format?: { duration?: string; format_name?: string; bit_rate?: string } | null;
  streams?: RawStream[];
}

function toStream(s: RawStream, i: number): MediaStreamProbe {
  const type = s.codec_type === 'video' || s.codec_type === 'audio' ? s.codec_type : 'other';
  return {
    index: s.index ?? i,
    type,
    codec: s.codec_name ?? 'unknown',
    ...defined('width', positive(s.width)),
    ...defined('height', positive(s.height)),
    ...defined('pixelFormat', s.pix_fmt),
    ...defined('frameRate', type === 'video' ? rate(s.avg_frame_rate) ?? rate(s.r_frame_rate) : undefined),
    ...defined('frameCount', int(s.nb_read_frames) ?? int(s.nb_frames)),
    ...defined('durationSeconds', num(s.duration)),
    ...defined('sampleRate', int(s.sample_rate)),
    ...defined('channels', positive(s.channels)),
    ...defined('colorSpace', s.color_space),
    ...defined('colorPrimaries', s.color_primaries),
    ...defined('colorTransfer', s.color_transfer),
    ...defined('colorRange', s.color_range),
    ...defined('rotationDegrees', type === 'video' ? rotation(s) : undefined),
  };
}

/** Rotation from the display matrix (ffprobe 4.1+: `side_data_list[].rotation`) or the old `rotate` tag. */
function rotation(s: RawStream): number | undefined {
  const fromMatrix = (s.side_data_list ?? []).find((d) => typeof d.rotation === 'number')?.rotation;
  const value = fromMatrix ?? num(s.tags?.rotate);
  return value === undefined || value === 0 ? undefined : value;
}

/** `{ [key]: value }` or `{}`, so that absent facts stay absent rather than `undefined`. */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** "30/1" -> {30, 1}; "0/0" and garbage -> undefined. */
function rate(text: string | undefined): FrameRate | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return undefined;
  const num = Number(m[1]);
  const den = Number(m[2]);
  return num > 0 && den > 0 ? { num, den } : undefined;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text === 'N/A') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function int(text: string | undefined): number | undefined {
  const n = num(text);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && n > 0 ? n : undefined;
}

async function assertExists(file: string): Promise<void> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return; // a URL: ffprobe will tell
  try {
    await stat(file);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') return; // let ffprobe report EACCES etc.
    throw new FramesmithError('ERR_FILE_NOT_FOUND', `media file not found: ${file}`, {
      stage: 'fetch',
      details: { path: file },
      cause,
    });
  }
}

/** ffprobe's last error line, without the "<file>: " prefix it usually starts with. */
function lastStderrLine(err: FramesmithError, file: string): string {
  if (err.details.timedOut === true) return 'ffprobe timed out';
  const lines = String(err.details.stderrTail ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1);
  if (last === undefined) return `ffprobe exited with code ${String(err.details.exitCode)}`;
  return last.startsWith(`${file}: `) ? last.slice(file.length + 2) : last;
}

function unreadable(file: string, why: string, cause?: unknown): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `cannot read media file ${file}: ${why}`, {
    stage: 'fetch',
    details: { path: file },
    cause,
  });
}
