/**
 * Running ffmpeg (and ffprobe) as child processes, with the engine's error conventions:
 *
 * - the binary cannot be started (ENOENT, EACCES...)  -> ERR_FFMPEG_SPAWN naming the path;
 * - it exits with a non-zero code, a signal or a timeout -> ERR_FFMPEG_EXIT with
 *   details { exitCode, signal, args, stderrTail } and the last stderr lines in the message;
 * - the caller cancels (AbortSignal or abort())       -> ERR_RENDER_CANCELLED.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { cancelledError, FramesmithError, type ErrorStage } from '../errors.js';
import { DEFAULT_STDERR_TAIL_CHARS, StderrTail } from './stderr-tail.js';

/** How a child process ended. */
export interface ExitStatus {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of {@link startVideoEncoder}. */
export interface StartVideoEncoderOptions {
  ffmpegPath: string;
  /** Full argument list, typically from `buildVideoEncodeArgs` (frames are read from `pipe:0`). */
  args: string[];
  /** Aborting it kills ffmpeg; pending and later calls reject with ERR_RENDER_CANCELLED. */
  signal?: AbortSignal;
  /** Called with every complete stderr line (exceptions it throws are ignored). */
  onStderrLine?: (line: string) => void;
  /** When set, `writeFrame` refuses frames of any other byte length (width * height * 4). */
  frameBytes?: number;
  /** How long `abort()` waits after SIGTERM before sending SIGKILL; default 1000 ms. */
  killGraceMs?: number;
}

/** A running ffmpeg that encodes the frames written to its stdin. */
export interface VideoEncoder {
  /** Process id, undefined when the binary could not be started. */
  readonly pid: number | undefined;
  /** Settles (never rejects) once the process has exited and its stderr is drained. */
  readonly exited: Promise<ExitStatus>;
  /**
   * Writes one frame. Resolves once the bytes are handed to the pipe (and the pipe has drained if
   * it was full), so the buffer may be reused afterwards, not before. Rejects with the ffmpeg error
   * if ffmpeg has died or dies meanwhile, with ERR_RENDER_CANCELLED after a cancel.
   */
  writeFrame(frame: Uint8Array): Promise<void>;
  /** Closes stdin and waits for ffmpeg; rejects with ERR_FFMPEG_EXIT on a non-zero exit. Idempotent. */
  finish(): Promise<void>;
  /** Kills ffmpeg (SIGTERM, then SIGKILL after a grace period) and resolves once it has exited. Deletes nothing. */
  abort(): Promise<void>;
  /** The last ~4 KB of stderr so far. */
  stderrTail(): string;
}

/** Options of {@link runFfmpeg}. */
export interface RunFfmpegOptions {
  signal?: AbortSignal;
  /** Kill the process (SIGKILL) and reject with ERR_FFMPEG_EXIT (details.timedOut) after this long. */
  timeoutMs?: number;
}

/** What a one-shot run printed. */
export interface RunFfmpegResult {
  stdout: Buffer;
  /** The last 64 KB of stderr. */
  stderr: string;
}

const RUN_STDERR_CHARS = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 1000;
/** After an EPIPE, how long to wait for the exit status that explains it before rejecting anyway. */
const EPIPE_EXIT_WAIT_MS = 2000;
const MESSAGE_STDERR_LINES = 8;

/**
 * Starts ffmpeg with `args` and returns a handle that feeds it frames on stdin.
 * Never throws: a spawn failure surfaces as ERR_FFMPEG_SPAWN from the handle's methods.
 */
export function startVideoEncoder(opts: StartVideoEncoderOptions): VideoEncoder {
  return new FfmpegVideoEncoder(opts);
}

/**
 * Runs ffmpeg (or ffprobe) once to completion, collecting stdout and the stderr tail.
 *
 * @throws FramesmithError ERR_FFMPEG_SPAWN, ERR_FFMPEG_EXIT (non-zero exit, signal or timeout),
 *   ERR_RENDER_CANCELLED (signal aborted).
 */
export function runFfmpeg(ffmpegPath: string, args: string[], opts: RunFfmpegOptions = {}): Promise<RunFfmpegResult> {
  const { signal, timeoutMs } = opts;
  if (signal?.aborted) return Promise.reject(ffmpegCancelled(signal.reason));
  return new Promise((resolve, reject) => {
    const tail = new StderrTail(RUN_STDERR_CHARS);
    const stdout: Buffer[] = [];
    let child: ChildProcess;
    try {
      child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      reject(spawnError(ffmpegPath, err));
      return;
    }
    let outcome: 'timeout' | 'cancelled' | undefined;
    const kill = (why: 'timeout' | 'cancelled'): void => {
      outcome ??= why;
      child.kill('SIGKILL');
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = (): void => kill('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.stdout?.on('data', (c: Buffer) => stdout.push(c));
    child.stderr?.on('data', (c: Buffer) => tail.push(c));
    child.once('error', (err) => {
      if (child.pid !== undefined) return; // kill() failures and the like; 'close' still follows
      done();
      reject(spawnError(ffmpegPath, err));
    });
    child.once('close', (exitCode, sig) => {
      done();
      tail.flush();
      if (child.pid === undefined) return; // spawn failure, already rejected
      const status: ExitStatus = { exitCode, signal: sig };
      if (outcome === 'cancelled') reject(ffmpegCancelled(signal?.reason));
      else if (outcome === 'timeout') reject(exitError(ffmpegPath, args, status, tail, { what: `timed out after ${timeoutMs} ms`, timedOut: true }));
      else if (exitCode !== 0) reject(exitError(ffmpegPath, args, status, tail));
      else resolve({ stdout: Buffer.concat(stdout), stderr: tail.toString() });
    });
  });
}

/** Implementation of {@link VideoEncoder}; see there for the contract. */
class FfmpegVideoEncoder implements VideoEncoder {
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess | undefined;
  private readonly tail: StderrTail;
  /** Rejecters of the writes in flight. */
  private readonly pending = new Set<(err: Error) => void>();
  private resolveExited!: (status: ExitStatus) => void;
  private status: ExitStatus | undefined;
  private failure: FramesmithError | undefined; // spawn failure
  private cancelled: FramesmithError | undefined;
  private finishing: Promise<void> | undefined;
  private aborting: Promise<void> | undefined;
  private readonly onAbortSignal = (): void => {
    this.cancelled ??= ffmpegCancelled(this.opts.signal?.reason);
    void this.abort();
  };

  constructor(private readonly opts: StartVideoEncoderOptions) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.tail = new StderrTail(DEFAULT_STDERR_TAIL_CHARS, opts.onStderrLine);
    if (opts.signal?.aborted) {
      this.cancelled = ffmpegCancelled(opts.signal.reason);
      this.settle({ exitCode: null, signal: null });
      return;
    }
    this.child = this.spawnChild();
    opts.signal?.addEventListener('abort', this.onAbortSignal, { once: true });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  stderrTail(): string {
    return this.tail.toString();
  }

  writeFrame(frame: Uint8Array): Promise<void> {
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    const expected = this.opts.frameBytes;
    if (expected !== undefined && frame.byteLength !== expected) {
      return Promise.reject(
        new FramesmithError('ERR_OUTPUT_WRITE', `frame has ${frame.byteLength} bytes, the encoder expects ${expected}`, {
          stage: 'encode',
          details: { frameBytes: frame.byteLength, expected },
        }),
      );
    }
    const stdin = this.child?.stdin;
    // No pipe: the spawn failed; the exit bookkeeping (settle) holds the reason.
    if (!stdin) return this.exited.then(() => Promise.reject(this.refusal() ?? spawnError(this.opts.ffmpegPath, 'no stdin')));
    return this.write(stdin, frame);
  }

  finish(): Promise<void> {
    this.finishing ??= this.closeAndWait();
    return this.finishing;
  }

  abort(): Promise<void> {
    this.aborting ??= this.kill();
    return this.aborting;
  }

  private spawnChild(): ChildProcess | undefined {
    let child: ChildProcess;
    try {
      child = spawn(this.opts.ffmpegPath, this.opts.args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    } catch (err) {
      this.failure = spawnError(this.opts.ffmpegPath, err, 'encode');
      this.settle({ exitCode: null, signal: null });
      return undefined;
    }
    // EPIPE/ECONNRESET when ffmpeg dies: the write callbacks and the exit status report it.
    child.stdin?.on('error', () => {});
    child.stderr?.on('data', (c: Buffer) => this.tail.push(c));
    child.once('error', (err) => {
      if (child.pid !== undefined) return; // e.g. a failed kill(); 'close' still follows
      this.failure = spawnError(this.opts.ffmpegPath, err, 'encode');
      this.settle({ exitCode: null, signal: null });
    });
    child.once('close', (exitCode, signal) => this.settle({ exitCode, signal }));
    return child;
  }

  /** Why a new write or finish must fail right away, if it must. */
  private refusal(): FramesmithError | undefined {
    if (this.cancelled) return this.cancelled;
    if (this.failure) return this.failure;
    if (this.status) return this.exitErrorFor(this.status);
    if (this.finishing) {
      return new FramesmithError('ERR_OUTPUT_WRITE', 'writeFrame() called after finish()', { stage: 'encode' });
    }
    return undefined;
  }

  private write(stdin: Writable, frame: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let written = false;
      let drained = true;
      let settled = false;
      const onDrain = (): void => {
        drained = true;
        succeed();
      };
      const finishWith = (err?: Error): void => {
        if (settled) return;
        settled = true;
        this.pending.delete(fail);
        stdin.off('drain', onDrain);
        if (err) reject(err);
        else resolve();
      };
      const fail = (err: Error): void => finishWith(err);
      const succeed = (): void => {
        if (written && drained) finishWith();
      };
      this.pending.add(fail);
      const ok = stdin.write(frame, (err) => {
        if (err) return this.failAfterExit(fail, err);
        written = true;
        succeed();
      });
      if (!ok) {
        drained = false;
        stdin.once('drain', onDrain);
      }
    });
  }

  /**
   * A broken pipe means ffmpeg is going away: its exit status (via {@link settle}) makes the better
   * error. Should no exit come, reject anyway so that no write ever hangs.
   */
  private failAfterExit(fail: (err: Error) => void, err: Error): void {
    const timer = setTimeout(() => {
      fail(new FramesmithError('ERR_FFMPEG_EXIT', `ffmpeg stopped reading frames (${err.message})`, { stage: 'encode', cause: err }));
    }, EPIPE_EXIT_WAIT_MS);
    timer.unref();
  }

  private async closeAndWait(): Promise<void> {
    const refused = this.cancelled ?? this.failure;
    if (refused) throw refused;
    if (!this.status) this.child?.stdin?.end();
    const status = await this.exited;
    if (this.cancelled) throw this.cancelled;
    if (this.failure) throw this.failure;
    if (status.exitCode !== 0) throw this.exitErrorFor(status);
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (this.status || !child) return;
    this.cancelled ??= ffmpegCancelled('encoder aborted');
    this.rejectPending(this.cancelled);
    child.kill('SIGTERM');
    child.stdin?.destroy();
    const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Records the end of the process and fails whatever still waits on it. */
  private settle(status: ExitStatus): void {
    if (this.status) return;
    this.status = status;
    this.tail.flush();
    this.opts.signal?.removeEventListener('abort', this.onAbortSignal);
    this.rejectPending(this.cancelled ?? this.failure ?? this.exitErrorFor(status));
    this.resolveExited(status);
  }

  private rejectPending(err: Error): void {
    for (const fail of [...this.pending]) fail(err);
  }

  /** The exit error; a clean exit (code 0) seen by a write means ffmpeg stopped too early. */
  private exitErrorFor(status: ExitStatus): FramesmithError {
    const what = status.exitCode === 0 && !this.finishing ? 'exited before all frames were written' : undefined;
    return exitError(this.opts.ffmpegPath, this.opts.args, status, this.tail, { what, stage: 'encode' });
  }
}

/**
 * ERR_FFMPEG_EXIT with the exit code (or signal) and the last stderr lines in the message.
 * `what` replaces the default "exited with code N" wording (the code is then added in brackets).
 */
function exitError(
  path: string,
  args: string[],
  status: ExitStatus,
  tail: StderrTail,
  extra: { what?: string | undefined; timedOut?: boolean; stage?: ErrorStage } = {},
): FramesmithError {
  const exitDesc = status.signal ? `signal ${status.signal}` : `code ${status.exitCode}`;
  const how = extra.what === undefined
    ? status.signal ? `was killed by ${status.signal}` : `exited with code ${status.exitCode}`
    : `${extra.what} (${exitDesc})`;
  const lines = tail.lastLines(MESSAGE_STDERR_LINES);
  const stderr = lines.length > 0 ? `:\n${lines.map((l) => `  ${l}`).join('\n')}` : ' (no stderr output)';
  return new FramesmithError('ERR_FFMPEG_EXIT', `${toolName(path)} ${how}${stderr}`, {
    stage: extra.stage,
    details: {
      exitCode: status.exitCode,
      signal: status.signal,
      args,
      stderrTail: tail.toString(),
      ...(extra.timedOut ? { timedOut: true } : {}),
    },
  });
}

/** ERR_FFMPEG_SPAWN naming the binary and the variable that overrides it. */
export function spawnError(path: string, err: unknown, stage?: ErrorStage): FramesmithError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? (err instanceof Error ? err.message : String(err));
  const envVar = toolName(path).includes('ffprobe') ? 'FFPROBE_PATH' : 'FFMPEG_PATH';
  return new FramesmithError(
    'ERR_FFMPEG_SPAWN',
    `cannot start ${toolName(path)} at "${path}" (${code}); install it or set ${envVar} to a working binary`,
    { stage, details: { path, envVar }, cause: err },
  );
}

/** ERR_RENDER_CANCELLED for a stopped ffmpeg, keeping the abort reason as the cause. */
function ffmpegCancelled(reason: unknown): FramesmithError {
  return cancelledError('encode', 'ffmpeg was stopped', reason);
}

function toolName(path: string): string {
  return basename(path).replace(/\.exe$/i, '') || 'ffmpeg';
}
