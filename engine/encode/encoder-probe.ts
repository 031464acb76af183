/**
 * Choosing the H.264 encoder. NVENC is used only when a real one-frame test encode succeeds
 * with the very options the engine will use. Being listed by `ffmpeg -encoders` is checked first
 * (for a clear reason) but proves nothing: no GPU, no driver, a GPU without NVENC (H100, A100),
 * a driver too old for the build, an SDK too old for `-preset p4`...
 */
import { FramesmithError, hasErrorCode } from '../errors.js';
import { H264_ENCODERS, nvencArgs, quietArgs, type H264Encoder } from './ffmpeg-args.js';
import { runFfmpeg } from './ffmpeg-process.js';

/** The encoder picked and a human-readable reason (worth logging). */
export interface EncoderChoice {
  encoder: H264Encoder;
  reason: string;
}

/** Options of {@link probeH264Encoder}. */
export interface ProbeH264EncoderOptions {
  /**
   * Skip the choice: libx264 is taken as is, h264_nvenc is still test-encoded and throws if it
   * fails; `auto` makes the choice without reading `FRAMESMITH_ENCODER` (an explicit option wins).
   */
  force?: H264Encoder | 'auto';
  /** Where `FRAMESMITH_ENCODER` is read when `force` is absent; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Time allowed to the NVENC test encode (driver start-up included). */
export const NVENC_PROBE_TIMEOUT_MS = 10_000;

interface NvencTest {
  ok: boolean;
  detail: string;
}

/** One NVENC test per ffmpeg binary per process. */
const nvencTests = new Map<string, Promise<NvencTest>>();

/**
 * Reads `FRAMESMITH_ENCODER`: `libx264` or `h264_nvenc` force that encoder; `auto`, empty or
 * unset mean "probe".
 *
 * @throws FramesmithError ERR_FFMPEG_SPAWN for any other value (a typo must not silently change the encoder).
 */
export function encoderPreferenceFromEnv(env: NodeJS.ProcessEnv = process.env): H264Encoder | undefined {
  const raw = env.FRAMESMITH_ENCODER?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'auto') return undefined;
  if ((H264_ENCODERS as readonly string[]).includes(raw)) return raw as H264Encoder;
  throw new FramesmithError(
    'ERR_FFMPEG_SPAWN',
    `FRAMESMITH_ENCODER="${env.FRAMESMITH_ENCODER}" is not one of auto, ${H264_ENCODERS.join(', ')}`,
    { stage: 'encode', details: { envVar: 'FRAMESMITH_ENCODER', value: env.FRAMESMITH_ENCODER } },
  );
}

/**
 * Picks the H.264 encoder for `ffmpegPath`: h264_nvenc only when a one-frame test encode exits 0
 * within {@link NVENC_PROBE_TIMEOUT_MS}, libx264 otherwise. The test runs once per ffmpeg path.
 *
 * @throws FramesmithError ERR_FFMPEG_EXIT when h264_nvenc is forced (option or env) but fails the
 *   test; ERR_FFMPEG_SPAWN when ffmpeg cannot be started or FRAMESMITH_ENCODER is invalid.
 */
export async function probeH264Encoder(ffmpegPath: string, opts: ProbeH264EncoderOptions = {}): Promise<EncoderChoice> {
  const fromEnv = opts.force === undefined;
  const force = opts.force === 'auto' ? undefined : opts.force ?? encoderPreferenceFromEnv(opts.env ?? process.env);
  const forcedBy = fromEnv ? `FRAMESMITH_ENCODER=${force}` : `force: '${force}'`;
  if (force === 'libx264') return { encoder: 'libx264', reason: `libx264 forced (${forcedBy})` };

  const test = await testNvenc(ffmpegPath);
  if (test.ok) {
    const how = force ? ` forced (${forcedBy}) and` : '';
    return { encoder: 'h264_nvenc', reason: `h264_nvenc${how} passed a one-frame test encode` };
  }
  if (force === 'h264_nvenc') {
    throw new FramesmithError(
      'ERR_FFMPEG_EXIT',
      `h264_nvenc was forced (${forcedBy}) but ${ffmpegPath} cannot encode with it: ${test.detail}. ` +
        'Use FRAMESMITH_ENCODER=auto or libx264, or an ffmpeg built with NVENC on a GPU that has it',
      { stage: 'encode', details: { ffmpegPath, encoder: 'h264_nvenc', probe: test.detail } },
    );
  }
  return { encoder: 'libx264', reason: `h264_nvenc unavailable (${test.detail}); using libx264` };
}

/** The NVENC test command: one black 256x256 frame, NVENC options as in a real encode, no output. */
export function nvencProbeArgs(): string[] {
  return [
    ...quietArgs(),
    '-f', 'lavfi', '-i', 'color=black:s=256x256:d=0.04',
    '-frames:v', '1',
    ...nvencArgs(),
    '-f', 'null', '-',
  ];
}

/** Forgets the memoised NVENC tests (for tests, or after installing a driver). */
export function clearEncoderProbeCache(): void {
  nvencTests.clear();
}

function testNvenc(ffmpegPath: string): Promise<NvencTest> {
  let test = nvencTests.get(ffmpegPath);
  if (!test) {
    test = runNvencTest(ffmpegPath);
    nvencTests.set(ffmpegPath, test);
    // A binary that cannot even start is not a verdict on NVENC: let a later call retry.
    test.catch(() => nvencTests.delete(ffmpegPath));
  }
  return test;
}

async function runNvencTest(ffmpegPath: string): Promise<NvencTest> {
  try {
    // Cheap first filter, for a clear reason: most builds have no NVENC at all. Being listed is
    // necessary, not sufficient, hence the real encode after it.
    const { stdout } = await runFfmpeg(ffmpegPath, ['-hide_banner', '-encoders'], { timeoutMs: NVENC_PROBE_TIMEOUT_MS });
    if (!/^\s*V\S*\s+h264_nvenc\s/m.test(stdout.toString('utf8'))) {
      return { ok: false, detail: 'this ffmpeg build has no h264_nvenc encoder' };
    }
    await runFfmpeg(ffmpegPath, nvencProbeArgs(), { timeoutMs: NVENC_PROBE_TIMEOUT_MS });
    return { ok: true, detail: 'test encode succeeded' };
  } catch (err) {
    if (!hasErrorCode(err, 'ERR_FFMPEG_EXIT')) throw err; // cannot start ffmpeg: not an NVENC verdict
    return { ok: false, detail: describeFailure(err as FramesmithError) };
  }
}

/** "test encode failed, exit 1: Unknown encoder 'h264_nvenc'" or "... timed out after 10000 ms". */
function describeFailure(err: FramesmithError): string {
  if (err.details.timedOut === true) return `test encode timed out after ${NVENC_PROBE_TIMEOUT_MS} ms`;
  const lines = String(err.details.stderrTail ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const last = lines.length > 0 ? lines.slice(-3).join(' | ') : 'no error output';
  const exit = err.details.signal ? `signal ${String(err.details.signal)}` : `exit ${String(err.details.exitCode)}`;
  return `test encode failed, ${exit}: ${last}`;
}
