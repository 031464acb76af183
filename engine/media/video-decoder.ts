/**
 * Video decoding for the renderer: one streaming ffmpeg per clip (or per clip and segment),
 * never a seek per frame.
 *
 * Clip output frame k shows the source frame displayed at source time
 *
 *     T(k) = trimStart + (k / fps) × playbackRate
 *
 * i.e. the frame whose presentation interval [pts, next pts) contains T(k) (floor, not nearest).
 *
 * How (docs/media.md has the reasons):
 * 1. `-ss X -noaccurate_seek -i FILE`, X = a whole second at least 1 s before T(firstFrame): a fast
 *    keyframe seek; frames before X are still decoded and delivered, with negative timestamps.
 *    Whole seconds are exact in every stream time base, so timestamps + X are exact source times.
 * 2. `-vf settb=AVTB,<scale/crop/pad>,format=rgba,showinfo=checksum=0`, `-vsync passthrough`: every decoded
 *    frame, none dropped or duplicated by ffmpeg, in microsecond timestamps that showinfo prints
 *    on stderr in the order the frames leave on stdout.
 * 3. This module pairs each raw RGBA frame with its timestamp and picks, for every k, the last frame
 *    with `pts ≤ T(k)` (10 µs tolerance for rounding). Frame selection is a pure function of k and
 *    the decoded timestamps, so a segment started at `firstFrame` gives the very frames a stream
 *    from 0 gives.
 *
 * ffmpeg's `fps` filter can do step 3 (with `round=up` it floors), but only after the timestamps
 * have been shifted by trimStart and divided by playbackRate in a finite time base, where a source
 * frame that starts exactly at T(k) (same rate, trims on frame boundaries: the common case) can
 * land one tick late and show one frame late. Selecting in JS avoids that rounding.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { cancelledError, FramesmithError } from '../errors.js';
import { StderrTail } from '../encode/stderr-tail.js';
import { spawnError } from '../encode/ffmpeg-process.js';
import { probeMedia, type FrameRate } from './ffprobe.js';

/** How the source fills the `width`×`height` frame. */
export type { VideoFit } from './video-fit.js';
import type { VideoFit } from './video-fit.js';

/** Options of {@link openVideoFrames}. */
export interface OpenVideoFramesOptions {
  ffmpegPath: string;
  /** A local file (see `resolveMediaFile`). */
  file: string;
  /** Output frame rate (the composition's fps). */
  fps: number;
  /** Size of the delivered frames in px (the clip's box; odd sizes are fine). */
  width: number;
  height: number;
  /** Source time of clip frame 0, seconds. */
  trimStartSeconds: number;
  /** Source time at which the media counts as ended (exclusive). */
  trimEndSeconds?: number;
  /** Source seconds per clip second; > 0. */
  playbackRate: number;
  /** Output frame index, within the clip, of the first frame delivered (segment renders). Default 0. */
  firstFrame?: number;
  /**
   * `fill` (default): stretch to width×height. `cover`: scale to cover the box keeping the display
   * aspect ratio, crop the centre. `contain`: scale to fit inside, centre, transparent bars.
   */
  fit?: VideoFit;
  /** Aborting kills ffmpeg; pending and later `next()` calls reject with ERR_RENDER_CANCELLED. */
  signal?: AbortSignal;
  /** JSON pointer of the clip's source field, prefixed to error messages. */
  pointer?: string;
  /** Decoder threads (`-threads` before `-i`); default: ffmpeg's choice (all cores). */
  threads?: number;
}

/** A stream of RGBA frames for one clip. */
export interface VideoFrameSource {
  readonly width: number;
  readonly height: number;
  /** width × height × 4. */
  readonly frameBytes: number;
  /** Clip frame index the next `next()` returns. */
  readonly nextIndex: number;
  /** ffmpeg's process id (undefined if it could not be started). */
  readonly pid: number | undefined;
  /**
   * The next clip frame: RGBA, straight alpha (opaque unless `fit: 'contain'` adds bars), width × height.
   * `undefined` once the media has run out (past `trimEndSeconds` or the last source frame):
   * the caller should keep showing the last frame it got (see docs/media.md).
   * The same array may be returned for consecutive frames (a source frame held): treat it as read-only.
   */
  next(): Promise<Uint8Array | undefined>;
  /** Stops ffmpeg (SIGTERM, SIGKILL after 1 s) and resolves once it has exited. Idempotent, never hangs. */
  close(): Promise<void>;
}

/** Timestamps within this many µs of T(k) count as "at T(k)" (absorbs µs rounding). */
export const FRAME_TIME_TOLERANCE_US = 10;
const KILL_GRACE_MS = 1000;
const SHOWINFO_RE = /^\[Parsed_showinfo_\d+ @ [^\]]+\] (?:\[info\] )?n:\s*(\d+) pts:\s*(-?\d+)/;
/** `-loglevel level+info` tags every line; only these levels go into error messages. */
const PROBLEM_RE = /\[(warning|error|fatal|panic)\] /;

/** Source time (seconds) shown by clip frame `k`. */
export function sourceTimeOfFrame(k: number, o: { fps: number; trimStartSeconds: number; playbackRate: number }): number {
  return o.trimStartSeconds + (k * o.playbackRate) / o.fps;
}

/** The fast-seek point for a stream whose first frame shows source time `t`: a whole second ≥ 1 s before it, or 0. */
export function seekPointFor(t: number): number {
  return Math.max(0, Math.floor(t - 1));
}

function validate(o: OpenVideoFramesOptions): void {
  const bad = (what: string): never => {
    throw new FramesmithError('ERR_TIMELINE_INVALID', `openVideoFrames: ${what}`, { stage: 'render', details: { option: what } });
  };
  if (!(o.fps > 0) || !Number.isFinite(o.fps)) bad(`fps must be > 0, got ${o.fps}`);
  if (!Number.isInteger(o.width) || !Number.isInteger(o.height) || o.width < 1 || o.height < 1) bad(`size must be positive integers, got ${o.width}x${o.height}`);
  if (!(o.playbackRate > 0) || !Number.isFinite(o.playbackRate)) bad(`playbackRate must be > 0, got ${o.playbackRate}`);
  if (!(o.trimStartSeconds >= 0)) bad(`trimStartSeconds must be ≥ 0, got ${o.trimStartSeconds}`);
  const first = o.firstFrame ?? 0;
  if (!Number.isInteger(first) || first < 0) bad(`firstFrame must be an integer ≥ 0, got ${first}`);
}

/** The `-vf` chain that scales to width×height per `fit`, ending in RGBA and showinfo. */
export function videoFilterChain(width: number, height: number, fit: VideoFit = 'fill'): string {
  const W = width;
  const H = height;
  let geometry: string;
  if (fit === 'fill') {
    geometry = `scale=${W}:${H},setsar=1`;
  } else if (fit === 'cover') {
    // Display aspect (dar) accounts for non-square source pixels; ceil keeps the scaled frame ≥ the box.
    geometry =
      `scale=w='if(gt(${W}/${H},dar),${W},ceil(${H}*dar))':h='if(gt(${W}/${H},dar),ceil(${W}/dar),${H})',` +
      `setsar=1,crop=${W}:${H}`;
  } else {
    geometry =
      `scale=w='if(gt(${W}/${H},dar),max(1,round(${H}*dar)),${W})':h='if(gt(${W}/${H},dar),${H},max(1,round(${W}/dar)))',` +
      `setsar=1,format=rgba,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black@0`;
  }
  // checksum=0: showinfo would otherwise checksum every plane of every frame (~10 ms at 1080p), unread.
  return `settb=AVTB,${geometry},format=rgba,showinfo=checksum=0`;
}

/** The ffmpeg arguments of one decode, and the seek point X its timestamps are relative to. */
export function buildVideoDecodeArgs(o: OpenVideoFramesOptions): { args: string[]; seekSeconds: number } {
  const t0 = sourceTimeOfFrame(o.firstFrame ?? 0, o);
  const seekSeconds = seekPointFor(t0);
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info'];
  if (o.threads !== undefined && o.threads > 0) args.push('-threads', String(Math.floor(o.threads)));
  if (seekSeconds > 0) args.push('-ss', String(seekSeconds), '-noaccurate_seek');
  args.push(
    '-i', o.file,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', videoFilterChain(o.width, o.height, o.fit),
    '-vsync', 'passthrough',
    '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1',
  );
  return { args, seekSeconds };
}

interface DecodedFrame {
  /** Source time in µs. */
  us: number;
  data: Uint8Array;
}

/**
 * Starts decoding `file` for one clip (see the module comment for the frame mapping).
 *
 * @throws FramesmithError ERR_FILE_NOT_FOUND when the file does not exist, ERR_TIMELINE_INVALID
 *   for bad options. Decoding failures surface from `next()`: ERR_ASSET_UNREADABLE naming the file
 *   (not a video, corrupt), ERR_FFMPEG_SPAWN, ERR_RENDER_CANCELLED.
 */
export async function openVideoFrames(opts: OpenVideoFramesOptions): Promise<VideoFrameSource> {
  validate(opts);
  try {
    const info = await stat(opts.file);
    if (!info.isFile()) throw new Error('not a regular file');
  } catch (cause) {
    throw new FramesmithError('ERR_FILE_NOT_FOUND', `${prefix(opts)}video file not found: ${opts.file}`, {
      stage: 'render', cause, details: { path: opts.file },
    });
  }
  return new FfmpegVideoFrames(opts);
}

function prefix(o: { pointer?: string | undefined }): string {
  return o.pointer ? `${o.pointer}: ` : '';
}

class FfmpegVideoFrames implements VideoFrameSource {
  readonly width: number;
  readonly height: number;
  readonly frameBytes: number;
  private k: number;
  private readonly child: ChildProcess;
  private readonly args: string[];
  private readonly seekUs: number;
  private readonly tail = new StderrTail(8192);
  private readonly timestamps: number[] = [];
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;
  private failure: FramesmithError | undefined;
  private cancelled: FramesmithError | undefined;
  private closed = false;
  private stdoutEnded = false;
  private decodedCount = 0;
  private current: DecodedFrame | undefined;
  private ahead: DecodedFrame | undefined;
  private previousUs: number | undefined;
  private eof = false;
  private wake: (() => void) | undefined;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly onAbort = (): void => {
    this.cancelled ??= decodingCancelled(this.opts.signal?.reason);
    this.notify();
    void this.close();
  };

  constructor(private readonly opts: OpenVideoFramesOptions) {
    this.width = opts.width;
    this.height = opts.height;
    this.frameBytes = opts.width * opts.height * 4;
    this.k = opts.firstFrame ?? 0;
    const built = buildVideoDecodeArgs(opts);
    this.args = built.args;
    this.seekUs = built.seekSeconds * 1_000_000;
    let resolveExited!: () => void;
    this.exited = new Promise((r) => (resolveExited = r));
    if (opts.signal?.aborted) this.cancelled = decodingCancelled(opts.signal.reason);
    this.child = spawn(opts.ffmpegPath, this.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child.once('error', (err) => {
      if (this.child.pid === undefined) {
        this.failure ??= spawnError(opts.ffmpegPath, err, 'render');
        this.stdoutEnded = true;
        this.exitStatus ??= { code: null, signal: null };
        resolveExited();
        this.notify();
      }
    });
    this.child.once('close', (code, signal) => {
      this.exitStatus = { code, signal };
      this.tail.flush();
      opts.signal?.removeEventListener('abort', this.onAbort);
      resolveExited();
      this.notify();
    });
    let partial = '';
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r\n|\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) this.onStderrLine(line);
      this.notify();
    });
    this.child.stderr?.on('end', () => {
      if (partial) this.onStderrLine(partial);
      partial = '';
      this.notify();
    });
    this.child.stdout?.on('readable', () => this.notify());
    this.child.stdout?.on('end', () => {
      this.stdoutEnded = true;
      this.notify();
    });
    this.child.stdout?.on('error', () => undefined);
    if (this.cancelled) void this.close();
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get nextIndex(): number {
    return this.k;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  next(): Promise<Uint8Array | undefined> {
    // Calls are serialised: each waits for the previous one.
    const run = this.busy.then(() => this.nextFrame());
    this.busy = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!this.exitStatus && child.pid !== undefined) {
      child.kill('SIGTERM');
      child.stdout?.destroy();
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    this.current = undefined;
    this.ahead = undefined;
    this.notify();
  }

  private onStderrLine(line: string): void {
    const m = SHOWINFO_RE.exec(line);
    if (m) {
      this.timestamps.push(Number(m[2]));
      return;
    }
    // Keep warnings and errors (without the level tag) for error messages; drop the info chatter.
    if (PROBLEM_RE.test(line)) this.tail.push(`${line.replace(PROBLEM_RE, '')}\n`);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForEvent(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private throwIfStopped(): void {
    if (this.cancelled) throw this.cancelled;
    if (this.closed) throw new FramesmithError('ERR_RENDER_CANCELLED', `${prefix(this.opts)}video source was closed`, { stage: 'render' });
  }

  /** The next decoded frame with its source time, or undefined at the end of the stream. */
  private async readDecoded(): Promise<DecodedFrame | undefined> {
    for (;;) {
      this.throwIfStopped();
      if (this.failure) throw this.failure;
      const stdout = this.child.stdout;
      const data = this.stdoutEnded ? null : (stdout?.read(this.frameBytes) as Buffer | null);
      if (data && data.length === this.frameBytes) {
        // showinfo logs a frame before ffmpeg writes it, but the two pipes are read independently.
        while (this.timestamps.length === 0) {
          this.throwIfStopped();
          if (this.exitStatus) throw this.decodeError('a frame arrived without its timestamp');
          await this.waitForEvent();
        }
        const pts = this.timestamps.shift()!;
        this.decodedCount++;
        return { us: pts + this.seekUs, data };
      }
      if (data) {
        // A short read only happens at the end of the stream.
        this.stdoutEnded = true;
      }
      if (this.stdoutEnded) {
        await this.exited;
        this.throwIfStopped();
        if (this.failure) throw this.failure;
        const { code, signal } = this.exitStatus ?? { code: null, signal: null };
        if (code !== 0) throw this.decodeError(signal ? `ffmpeg was killed by ${signal}` : `ffmpeg exited with code ${code}`);
        if (this.decodedCount === 0 && this.seekUs === 0) throw this.decodeError('no video frames could be decoded');
        return undefined;
      }
      await this.waitForEvent();
    }
  }

  private async nextFrame(): Promise<Uint8Array | undefined> {
    const k = this.k;
    const t = sourceTimeOfFrame(k, this.opts);
    const end = this.opts.trimEndSeconds;
    if (end !== undefined && t >= end - FRAME_TIME_TOLERANCE_US / 1e6) return this.ranOut();
    const target = Math.round(t * 1e6) + FRAME_TIME_TOLERANCE_US;
    for (;;) {
      if (this.ahead) {
        if (this.ahead.us > target) break;
        this.advance(this.ahead);
        this.ahead = undefined;
      }
      if (this.eof) break;
      const frame = await this.readDecoded();
      if (!frame) {
        this.eof = true;
        break;
      }
      if (frame.us <= target) this.advance(frame);
      else this.ahead = frame;
    }
    let shown = this.current;
    if (!shown) {
      // The stream starts after T(k): show its first frame rather than nothing.
      shown = this.ahead;
      if (!shown) return this.ranOut();
    } else if (this.eof && !this.ahead) {
      // After the last frame: it lasts as long as the interval before it (or one output frame).
      const last = this.current!;
      const duration = this.previousUs === undefined ? Math.round((1e6 * this.opts.playbackRate) / this.opts.fps) : last.us - this.previousUs;
      if (Math.round(t * 1e6) >= last.us + Math.max(1, duration) - FRAME_TIME_TOLERANCE_US) return this.ranOut();
    }
    this.k++;
    return shown.data;
  }

  private advance(frame: DecodedFrame): void {
    if (this.current) this.previousUs = this.current.us;
    this.current = frame;
  }

  private ranOut(): undefined {
    return undefined;
  }

  private decodeError(why: string): FramesmithError {
    const lines = this.tail.lastLines(3).map((l) => (l.startsWith(`${this.opts.file}: `) ? l.slice(this.opts.file.length + 2) : l));
    const detail = lines.length > 0 ? `: ${lines.join(' | ')}` : '';
    return new FramesmithError('ERR_ASSET_UNREADABLE', `${prefix(this.opts)}cannot decode video file ${this.opts.file} (${why})${detail}`, {
      stage: 'render',
      details: { path: this.opts.file, args: this.args, exitCode: this.exitStatus?.code ?? null, stderrTail: this.tail.toString() },
    });
  }
}

function decodingCancelled(reason: unknown): FramesmithError {
  return cancelledError('render', 'video decoding was stopped', reason);
}

/** What {@link probeVideo} returns. */
export interface VideoProbe {
  /** Container duration, seconds (0 when unknown). */
  durationSeconds: number;
  /** Display size: coded size with rotation applied (width and height swapped for 90°/270°). */
  width: number;
  height: number;
  frameRate?: FrameRate;
  /** frameRate as a number, when known. */
  fps?: number;
  hasAudio: boolean;
  codec: string;
}

/**
 * Facts about a video file from ffprobe (the first video stream).
 *
 * @throws FramesmithError ERR_FILE_NOT_FOUND, ERR_ASSET_UNREADABLE (not a media file, or no video
 *   stream), ERR_FFMPEG_SPAWN.
 */
export async function probeVideo(ffprobePath: string, file: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<VideoProbe> {
  const probe = await probeMedia(ffprobePath, file, opts);
  const video = probe.streams.find((s) => s.type === 'video');
  if (!video || video.width === undefined || video.height === undefined) {
    throw new FramesmithError('ERR_ASSET_UNREADABLE', `cannot read media file ${file}: it has no video stream`, {
      stage: 'fetch', details: { path: file },
    });
  }
  const rotated = Math.abs(video.rotationDegrees ?? 0) % 180 === 90;
  return {
    durationSeconds: probe.format.durationSeconds || video.durationSeconds || 0,
    width: rotated ? video.height : video.width,
    height: rotated ? video.width : video.height,
    ...(video.frameRate ? { frameRate: video.frameRate, fps: video.frameRate.num / video.frameRate.den } : {}),
    hasAudio: probe.streams.some((s) => s.type === 'audio'),
    codec: video.codec,
  };
}
