/**
 * The `framesmith` command line: render, frame, validate, preview (and serve, keys).
 * Errors print one readable line naming the field or file and exit non-zero.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { FramesmithError, hasErrorCode } from '../engine/errors.js';
import { loadCompositionFile, validateDocument } from '../engine/load-composition.js';
import { renderComposition } from '../engine/render/render-video.js';
import { H264_ENCODERS } from '../engine/encode/ffmpeg-args.js';
import { MAX_WORKERS } from '../engine/render/workers.js';
import { checkDocumentSize, parseJsonDocument } from '../schema/validate.js';
import { limitsFromEnv } from '../schema/limits.js';
import type { RenderProgress } from '../engine/progress.js';
import { AUDIO_BITRATES_KBPS, formatFromPath, frameAtTime, OUTPUT_FORMATS, RESOLUTION_TIERS, VIDEO_BITRATES_MBPS, type ResolutionTier } from '../engine/output/output-spec.js';
import { serverCommand, SERVER_USAGE } from './server-commands.js';

const USAGE = `Usage:
  framesmith render <composition.json> -o <out.mp4|.mov|.webm|.gif|.png|.jpg>
      [--format F] [--workers N] [--resolution 720p|1080p|4k] [--video-bitrate 5|10|20|50]
      [--audio-bitrate 128|192|256|320] [--transparent] [--time T (stills)]
      [--encoder auto|libx264|h264_nvenc] [--backend thread|process] [--quiet]
  framesmith frame <composition.json> --time <seconds> -o <still.png|still.jpg>
  framesmith validate <composition.json>
  framesmith preview <composition.json> [--port 4173] [--host 127.0.0.1]   live player, reloads on save
${SERVER_USAGE}

Exit codes: 0 success, 1 failure, 2 invalid document or usage, 130 cancelled.`;

/** An error for the command line itself (bad flags), exit code 2. */
class UsageError extends Error {}

/** A usage mistake: ours, or one parseArgs found (unknown option, missing value). */
function isUsageError(err: unknown): boolean {
  return err instanceof UsageError || String((err as { code?: unknown } | null)?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

function requireOne(positionals: string[], what: string): string {
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError(`missing ${what}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return file;
}

async function ensureOutputDir(file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
}

function progressBar(io: Io, quiet: boolean): { update: (p: RenderProgress) => void; stop: () => void } {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | frame {value}/{total} | {fps} fps | ETA {eta_s}',
      stream: process.stderr,
      noTTYOutput: !io.isTTY,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (p.stage !== 'render' && p.stage !== 'finalize' && p.stage !== 'done') return;
      if (!started) {
        bar.start(p.framesTotal, 0, { fps: '0.0', eta_s: '-' });
        started = true;
      }
      bar.update(p.framesDone, { fps: p.fps.toFixed(1), eta_s: p.etaSeconds === undefined ? '-' : `${p.etaSeconds.toFixed(1)}s` });
    },
    stop: () => started && bar.stop(),
  };
}

const RENDER_OPTIONS = {
  output: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  time: { type: 'string', short: 't' },
  workers: { type: 'string', short: 'w' },
  backend: { type: 'string' },
  encoder: { type: 'string' },
  resolution: { type: 'string' },
  'video-bitrate': { type: 'string' },
  'audio-bitrate': { type: 'string' },
  transparent: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function numberFlag(flag: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be ${what}, got "${value}"`);
  return n;
}

async function commandRender(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RENDER_OPTIONS });
  const input = requireOne(positionals, 'composition file');
  if (!values.output) throw new UsageError('missing -o <out.mp4>');
  const format = oneOf('format', values.format, OUTPUT_FORMATS) ?? formatFromPath(values.output);
  if (!format) throw new UsageError(`cannot tell the format from "${values.output}"; name it with --format (${OUTPUT_FORMATS.join(', ')})`);
  const options = {
    output: values.output,
    format,
    signal,
    encoder: oneOf('encoder', values.encoder, ['auto', ...H264_ENCODERS] as const),
    backend: oneOf('backend', values.backend, ['thread', 'process'] as const),
    resolution: oneOf('resolution', values.resolution, Object.keys(RESOLUTION_TIERS) as ResolutionTier[]),
    workers: numberFlag('workers', values.workers, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS, `a whole number from 1 to ${MAX_WORKERS}`),
    videoBitrate: numberFlag('video-bitrate', values['video-bitrate'], (n) => (VIDEO_BITRATES_MBPS as readonly number[]).includes(n), `one of ${VIDEO_BITRATES_MBPS.join(', ')} (Mbit/s)`),
    audioBitrate: numberFlag('audio-bitrate', values['audio-bitrate'], (n) => (AUDIO_BITRATES_KBPS as readonly number[]).includes(n), `one of ${AUDIO_BITRATES_KBPS.join(', ')} (kbit/s)`),
    timeSeconds: numberFlag('time', values.time, (n) => n >= 0, 'a number of seconds ≥ 0'),
    transparent: values.transparent,
  };
  const { composition, warnings } = await loadCompositionFile(input, { limits: limitsFromEnv(process.env) });
  for (const w of warnings) io.err(`warning: ${w}`);
  await ensureOutputDir(values.output);
  const bar = progressBar(io, values.quiet ?? false);
  try {
    const result = await renderComposition(composition, { ...options, onProgress: bar.update });
    bar.stop();
    for (const w of result.warnings) io.err(`warning: ${w}`);
    const seconds = result.timings.totalMs / 1000;
    const how = result.encoder ? ` with ${result.encoder}` : '';
    const workers = result.workers > 1 ? ` on ${result.workers} workers` : '';
    io.err(result.frames > 1
      ? `rendered ${result.frames} frames (${result.durationSeconds.toFixed(2)} s at ${result.fps} fps, ${result.width}x${result.height}) as ${result.format}${how}${workers} in ${seconds.toFixed(1)} s (${(result.frames / seconds).toFixed(1)} frames/s)`
      : `rendered a ${result.width}x${result.height} ${result.format} still`);
    io.out(path.resolve(result.output));
    return 0;
  } finally {
    bar.stop();
  }
}

async function commandFrame(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, time: { type: 'string', short: 't' }, resolution: { type: 'string' }, transparent: { type: 'boolean' } },
  });
  const input = requireOne(positionals, 'composition file');
  if (!values.output) throw new UsageError('missing -o <still.png>');
  const timeSeconds = numberFlag('time', values.time ?? '0', (n) => n >= 0, 'a number of seconds ≥ 0') ?? 0;
  const format = formatFromPath(values.output);
  if (format !== 'png' && format !== 'jpg') throw new UsageError(`output must end in .png, .jpg or .jpeg, got "${values.output}"`);
  const { composition, warnings } = await loadCompositionFile(input, { limits: limitsFromEnv(process.env) });
  for (const w of warnings) io.err(`warning: ${w}`);
  await ensureOutputDir(values.output);
  const result = await renderComposition(composition, {
    output: values.output, format, timeSeconds, transparent: values.transparent, signal,
    resolution: oneOf('resolution', values.resolution, Object.keys(RESOLUTION_TIERS) as ResolutionTier[]),
  });
  for (const w of result.warnings) io.err(`warning: ${w}`);
  const frame = frameAtTime(composition, timeSeconds);
  io.err(`frame ${frame} (t=${(frame / composition.fps).toFixed(3)} s)`);
  io.out(path.resolve(values.output));
  return 0;
}

async function commandValidate(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const input = requireOne(positionals, 'composition file');
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (cause) {
    throw new FramesmithError('ERR_FILE_NOT_FOUND', `${input}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read'}`, { cause });
  }
  const limits = limitsFromEnv(process.env);
  const sizeIssues = checkDocumentSize(Buffer.byteLength(text), limits);
  const parsed = sizeIssues.length > 0 ? { ok: false as const, errors: sizeIssues } : parseJsonDocument(text);
  // Either dialect: RenderingVideo v2 or a Framelane v1 render body, told apart by their shape.
  const result = parsed.ok ? validateDocument(parsed.value, { limits }) : { ok: false as const, errors: parsed.errors, warnings: [] };
  for (const w of result.warnings) io.err(`warning: ${w.pointer || '/'}: ${w.message}`);
  if (!result.ok) {
    for (const issue of result.errors) io.out(`${issue.pointer || '/'}: ${issue.message}`);
    io.err(`${input}: invalid (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`);
    return 2;
  }
  io.out(`${input}: valid`);
  return 0;
}

/**
 * `framesmith preview <file>`: serves the live player for a local file and reloads it on every
 * save. Runs until interrupted; an invalid file still starts (the page says what is wrong).
 */
async function commandPreview(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  });
  const input = requireOne(positionals, 'composition file');
  const port = values.port === undefined ? 4173 : /^\d{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be a port number (0..65535), got "${values.port}"`);
  // A file that cannot be read stops here; an invalid one still starts (the page says what is wrong).
  try {
    await loadCompositionFile(input, { limits: limitsFromEnv(process.env) });
  } catch (err) {
    if (hasErrorCode(err, 'ERR_FILE_NOT_FOUND')) throw err;
    io.err(`warning: ${err instanceof Error ? err.message : String(err)} (the page shows it until the file is fixed)`);
  }
  const { buildPreviewApp } = await import('../server/player/preview-server.js');
  const host = values.host ?? '127.0.0.1';
  const app = await buildPreviewApp({ file: input, anyHost: !['127.0.0.1', 'localhost', '::1'].includes(host) });
  const address = await app.listen({ port, host });
  io.out(`preview of ${input} at ${address.replace('0.0.0.0', '127.0.0.1')}/ (reloads on save; Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await app.close();
  return 0;
}

/** Exit code for an error. */
function exitCodeOf(err: unknown): number {
  if (isUsageError(err)) return 2;
  if (hasErrorCode(err, 'ERR_TIMELINE_INVALID') || hasErrorCode(err, 'ERR_JSON_PARSE')) return 2;
  if (hasErrorCode(err, 'ERR_RENDER_CANCELLED')) return 130;
  return 1;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  // Kept for the whole run: a second Ctrl-C must not kill the process before cleanup.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    switch (command) {
      case 'render': return await commandRender(rest, io, controller.signal);
      case 'frame': return await commandFrame(rest, io, controller.signal);
      case 'validate': return await commandValidate(rest, io);
      case 'preview': return await commandPreview(rest, io, controller.signal);
      case 'serve':
      case 'keys': return await serverCommand(command, rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint = isUsageError(err) ? ' (see framesmith help)'
      : hasErrorCode(err, 'ERR_TIMELINE_INVALID') && (err as FramesmithError).issues.length > 1 ? '; `framesmith validate` lists them all' : '';
    io.err(`framesmith: ${message}${hint}`);
    if (process.env.FRAMESMITH_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
    return exitCodeOf(err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function defaultIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
