/**
 * Output formats against the ffmpeg renders really use (`FFMPEG_PATH`, else the bundled build):
 * a format compiles everywhere, but it renders only where ffmpeg has its encoders.
 *
 * The encoders a format needs are read from the engine's own argument builders
 * (engine/encode/format-args.ts) for the compiled output spec, never typed in twice; ffmpeg's
 * `-encoders` list is read once per binary and cached. H.264 is satisfied as renders choose it
 * (engine/encode/encoder-probe.ts): libx264, or h264_nvenc when it passes its test encode (or is
 * forced by `FRAMESMITH_ENCODER`).
 */
import { encoderPreferenceFromEnv, probeH264Encoder } from '../../engine/encode/encoder-probe.js';
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import { buildFinalizeArgs, buildSegmentEncodeArgs } from '../../engine/encode/format-args.js';
import type { OutputSpec } from '../../engine/output/output-spec.js';

/** Time `ffmpeg -encoders` may take. */
const LIST_TIMEOUT_MS = 10_000;
const WHICH_FFMPEG = 'the configured ffmpeg (FFMPEG_PATH, else the bundled one)';

/**
 * The ffmpeg encoders a render to `spec` runs, as the engine's argument builders name them
 * (`libx264` standing for H.264 whichever encoder is chosen). Stills need none: the canvas draws
 * and encodes them.
 */
export function encodersOf(spec: OutputSpec): string[] {
  if (spec.kind !== 'video') return [];
  const args = [
    ...buildSegmentEncodeArgs({ spec, encoder: 'libx264', output: 'segment' }),
    ...buildFinalizeArgs({ spec, listFile: 'list', audioFile: spec.audioCodec ? 'mix.wav' : undefined, output: 'out' }),
  ];
  const named = args.flatMap((a, i) => (/^-c:[va]$/.test(a) && args[i + 1] !== 'copy' ? [args[i + 1]!] : []));
  // The GIF passes name no codec: the gif muxer's own encoder writes the file.
  if (spec.videoCodec === 'gif') named.push('gif');
  return [...new Set(named)];
}

/** What the configured ffmpeg can encode. */
export interface EncoderSupport {
  /** Why a render that needs `encoders` would fail here, or undefined when it would not. */
  problem(encoders: readonly string[]): string | undefined;
}

/** The encoder names of `ffmpeg -encoders` (the lines after the `------` rule). */
function parseEncoders(text: string): Set<string> {
  const list = text.split(/^\s*-{6}\s*$/m)[1] ?? '';
  return new Set([...list.matchAll(/^\s*[VAS][A-Z.]{5}\s+(\S+)/gm)].map((m) => m[1]!));
}

/** Why H.264 cannot be encoded as renders encode it, or undefined. */
async function h264Problem(ffmpeg: string, encoders: Set<string>): Promise<string | undefined> {
  try {
    const forced = encoderPreferenceFromEnv();
    if (forced !== 'h264_nvenc' && encoders.has('libx264')) return undefined; // NVENC when it works, libx264 otherwise
    if (forced === 'libx264') return `${WHICH_FFMPEG} has no libx264 encoder (FRAMESMITH_ENCODER=libx264)`;
    const choice = await probeH264Encoder(ffmpeg);
    return choice.encoder === 'h264_nvenc' ? undefined : `${WHICH_FFMPEG} has no libx264 encoder and ${choice.reason.replace(/; using libx264$/, '')}`;
  } catch (err) {
    return (err as Error).message.split(ffmpeg).join('ffmpeg'); // the document is public: no server paths
  }
}

async function probe(ffmpeg: string): Promise<EncoderSupport> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: LIST_TIMEOUT_MS });
  const encoders = parseEncoders(stdout.toString('utf8'));
  const h264 = await h264Problem(ffmpeg, encoders);
  return {
    problem(needed) {
      if (needed.includes('libx264') && h264) return h264;
      const missing = needed.filter((e) => e !== 'libx264' && !encoders.has(e));
      if (missing.length === 0) return undefined;
      return `${WHICH_FFMPEG} has no ${missing.join(' or ')} encoder`;
    },
  };
}

/** One probe per ffmpeg binary and `FRAMESMITH_ENCODER` value. */
const probes = new Map<string, Promise<EncoderSupport>>();

/**
 * The encoders of the ffmpeg renders use now, read once and cached. When ffmpeg cannot be run or
 * cannot list its encoders, every format that needs one is unsupported, and the next call tries
 * again (a binary installed meanwhile is seen).
 */
export async function encoderSupport(env: NodeJS.ProcessEnv = process.env): Promise<EncoderSupport> {
  let ffmpeg: string;
  try {
    ffmpeg = resolveFfmpegPaths(env).ffmpeg;
  } catch {
    return unavailable(`no ffmpeg binary was found (set FFMPEG_PATH)`);
  }
  const key = `${ffmpeg}\0${env.FRAMESMITH_ENCODER ?? ''}`;
  let found = probes.get(key);
  if (!found) {
    found = probe(ffmpeg);
    probes.set(key, found);
    found.catch(() => probes.delete(key));
  }
  try {
    return await found;
  } catch {
    return unavailable(`${WHICH_FFMPEG} could not be run to list its encoders`);
  }
}

function unavailable(reason: string): EncoderSupport {
  return { problem: (needed) => (needed.length > 0 ? reason : undefined) };
}
