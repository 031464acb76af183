/**
 * The whole timeline's sound in one ffmpeg run.
 *
 * Each clip becomes one input (`-ss trimStart -i FILE`, an accurate seek) and one filter chain:
 *
 *     [j:a:0] (mono: pan=stereo|c0=c0|c1=c0) aformat=fltp:stereo, aresample=48000,
 *             atrim=end_sample=SEG, asetpts=N/SR/TB          source range [trimStart, trimEnd)
 *             aloop=loop=L:size=SEG, asetpts=N/SR/TB          loop: repeat the range (sample-exact, gapless)
 *             asetrate=48000·r, aresample=48000               detune: pitch × r = 2^(cents/1200)
 *             atempo=… (factors in 0.5..2), asetpts=N/SR/TB   tempo × playbackRate / r (pitch kept)
 *             atrim=end_sample=WIN                            cut to the clip window
 *             volume=V  or  aeval='val(ch)*(G(t))':c=same     gain: volume × envelope × fades × ducking
 *             pan=stereo|c0=gL*c0|c1=gR*c1                    constant-power pan
 *             adelay=D S|D S, apad, atrim=end_sample=TOTAL    place at startSeconds, pad to the total
 *     [c0][c1]… amix=inputs=N:duration=longest:dropout_transition=0, volume=N
 *
 * Every clip stream is exactly TOTAL samples long when it reaches amix, so ffmpeg 4.1's amix
 * (which divides each input by the number of active inputs, and has no `normalize` option) divides
 * by exactly N for the whole run; `volume=N` undoes it, leaving a plain sum (see docs/media.md).
 *
 * Gain automation is one expression G(t) of clip time t (seconds from the clip's start), built
 * here as text for ffmpeg and, from the same definitions, as a JS function ({@link clipGainAt})
 * so tests can compare the two.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FramesmithError, hasErrorCode } from '../errors.js';
import { runFfmpeg } from '../encode/ffmpeg-process.js';
import { quietArgs } from '../encode/ffmpeg-args.js';
import { resolveFfmpegPaths } from '../encode/ffmpeg-path.js';
import { EASING_CONSTANTS } from '../timeline/easing.js';
import { probeMedia } from './ffprobe.js';
import { gainModel, isAudible, isConstant, type AudioMixClip, type AudioMixPlan, type AudioSourceFacts, type GainModel } from './gain-model.js';

export type { AudioDucking, GainPoint } from '../model/composition.js';
export { clipGainAt, soundingWindow, type AudioMixClip, type AudioMixPlan, type AudioSourceFacts } from './gain-model.js';

/** Output encodings. */
export type AudioCodec = 'pcm_s16le' | 'pcm_f32le' | 'aac';

/** Options of {@link buildAudioMixArgs}. */
export interface AudioMixArgsOptions {
  /** Output path; default `mix.wav`. */
  output?: string;
  /** Default from the output extension: `.wav` → pcm_s16le, `.m4a`/`.mp4`/`.mov`/`.aac` → aac. */
  codec?: AudioCodec;
  /** Facts per file path; needed for mono up-mixing, loops without trimEnd, and files without sound. */
  sources?: Record<string, AudioSourceFacts>;
  /** Read the filter graph from this file (`-filter_complex_script`) instead of the command line. */
  filterScriptPath?: string;
  /** AAC bitrate; default 192 kbit/s. */
  aacBitrateKbps?: number;
  /** The graph of `plan` when the caller has built it already. */
  graph?: AudioMixGraph;
}

export const MIX_SAMPLE_RATE = 48000;

function invalid(message: string, details: Record<string, unknown> = {}): FramesmithError {
  return new FramesmithError('ERR_TIMELINE_INVALID', message, { stage: 'render', details });
}

/** A number as ffmpeg expression text: plain decimal, negatives in brackets. */
export function exprNumber(x: number): string {
  if (!Number.isFinite(x)) throw invalid(`audio mix: not a finite number (${x})`);
  let s = x.toFixed(12).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return x < 0 && s !== '0' ? `(${s})` : s;
}

const N = exprNumber;

// ---------------------------------------------------------------------------------------------
// Easing curves as ffmpeg expressions (the same equations as engine/timeline/easing.ts)

const { c1: C1, c2: C2, c3: C3, c4: C4, c5: C5 } = EASING_CONSTANTS;

function outBounceExpr(x: string): string {
  const n1 = 7.5625;
  const d1 = 2.75;
  return (
    `if(lt(${x},${N(1 / d1)}),${n1}*${x}*${x},` +
    `if(lt(${x},${N(2 / d1)}),${n1}*pow(${x}-${N(1.5 / d1)},2)+0.75,` +
    `if(lt(${x},${N(2.5 / d1)}),${n1}*pow(${x}-${N(2.25 / d1)},2)+0.9375,` +
    `${n1}*pow(${x}-${N(2.625 / d1)},2)+0.984375)))`
  );
}

const EASING_EXPRS: Record<string, (x: string) => string> = {
  linear: (x) => x,
  easeInSine: (x) => `(1-cos(${x}*PI/2))`,
  easeOutSine: (x) => `sin(${x}*PI/2)`,
  easeInOutSine: (x) => `(-(cos(PI*${x})-1)/2)`,
  easeInQuad: (x) => `(${x}*${x})`,
  easeOutQuad: (x) => `(1-(1-${x})*(1-${x}))`,
  easeInOutQuad: (x) => `if(lt(${x},0.5),2*${x}*${x},1-pow(-2*${x}+2,2)/2)`,
  easeInCubic: (x) => `pow(${x},3)`,
  easeOutCubic: (x) => `(1-pow(1-${x},3))`,
  easeInOutCubic: (x) => `if(lt(${x},0.5),4*pow(${x},3),1-pow(-2*${x}+2,3)/2)`,
  easeInQuart: (x) => `pow(${x},4)`,
  easeOutQuart: (x) => `(1-pow(1-${x},4))`,
  easeInOutQuart: (x) => `if(lt(${x},0.5),8*pow(${x},4),1-pow(-2*${x}+2,4)/2)`,
  easeInBack: (x) => `(${N(C3)}*pow(${x},3)-${N(C1)}*pow(${x},2))`,
  easeOutBack: (x) => `(1+${N(C3)}*pow(${x}-1,3)+${N(C1)}*pow(${x}-1,2))`,
  easeInOutBack: (x) =>
    `if(lt(${x},0.5),(pow(2*${x},2)*(${N(C2 + 1)}*2*${x}-${N(C2)}))/2,` +
    `(pow(2*${x}-2,2)*(${N(C2 + 1)}*(${x}*2-2)+${N(C2)})+2)/2)`,
  easeInElastic: (x) => `if(lte(${x},0),0,if(gte(${x},1),1,-pow(2,10*${x}-10)*sin((${x}*10-10.75)*${N(C4)})))`,
  easeOutElastic: (x) => `if(lte(${x},0),0,if(gte(${x},1),1,pow(2,-10*${x})*sin((${x}*10-0.75)*${N(C4)})+1))`,
  easeInOutElastic: (x) =>
    `if(lte(${x},0),0,if(gte(${x},1),1,if(lt(${x},0.5),` +
    `-(pow(2,20*${x}-10)*sin((20*${x}-11.125)*${N(C5)}))/2,` +
    `(pow(2,-20*${x}+10)*sin((20*${x}-11.125)*${N(C5)}))/2+1)))`,
  easeInBounce: (x) => `(1-${outBounceExpr(`(1-${x})`)})`,
  easeOutBounce: (x) => outBounceExpr(x),
  easeInOutBounce: (x) =>
    `if(lt(${x},0.5),(1-${outBounceExpr(`(1-2*${x})`)})/2,(1+${outBounceExpr(`(2*${x}-1)`)})/2)`,
};

/** Names of the easings the mixer knows (all 22 of the schema). */
export const MIX_EASINGS = Object.keys(EASING_EXPRS);

/** ffmpeg expression of easing `name` applied to the expression `x` (progress, already 0..1). Unknown names are linear. */
export function easingExpression(name: string | undefined, x: string): string {
  return (EASING_EXPRS[name ?? 'linear'] ?? EASING_EXPRS.linear!)(x);
}

// ---------------------------------------------------------------------------------------------
// The gain of a clip, as a function of clip time: one definition, two renderings

/**
 * The gain as an ffmpeg expression, built piecewise: every point where a part of the model
 * changes shape (envelope points, fade ends, ducking attack/release corners) is a breakpoint; in
 * each piece the constant parts are multiplied out here and only the moving parts remain; the
 * pieces are chosen by a balanced tree of `if(lt(t,…))`. ffmpeg evaluates the expression for
 * every sample and channel, so this keeps the common case (constant between ramps) to a handful
 * of comparisons.
 */
function modelExpr(m: GainModel): string {
  const cuts = new Set<number>();
  for (const p of m.envelope) cuts.add(p.t);
  if (m.fadeIn > 0) cuts.add(m.fadeIn);
  if (m.fadeOut > 0) cuts.add(m.window - m.fadeOut);
  for (const iv of m.duck) {
    cuts.add(iv.s);
    if (m.attack > 0 && iv.s + m.attack < iv.e) cuts.add(iv.s + m.attack);
    cuts.add(iv.e);
    if (m.release > 0) cuts.add(iv.e + m.release);
  }
  const bps = [...cuts].filter(Number.isFinite).sort((a, b) => a - b);
  const pieces: string[] = [];
  for (let i = 0; i <= bps.length; i++) {
    const lo = i === 0 ? -Infinity : bps[i - 1]!;
    const hi = i === bps.length ? Infinity : bps[i]!;
    const mid = lo === -Infinity ? (hi === Infinity ? 0 : hi - 1) : hi === Infinity ? lo + 1 : (lo + hi) / 2;
    pieces.push(pieceExpr(m, mid));
  }
  const tree = (from: number, to: number): string => {
    // pieces[from..to], separated by bps[from..to-1]
    if (from === to) return pieces[from]!;
    const split = Math.floor((from + to) / 2);
    const left = tree(from, split);
    const right = tree(split + 1, to);
    return left === right ? left : `if(lt(t,${N(bps[split]!)}),${left},${right})`;
  };
  return tree(0, pieces.length - 1);
}

/** The gain expression valid throughout the piece that contains clip time `tm`. */
function pieceExpr(m: GainModel, tm: number): string {
  let constant = m.volume;
  const moving: string[] = [];
  // Envelope: one segment (or a hold) per piece.
  const pts = m.envelope;
  if (pts.length > 0) {
    const first = pts[0]!;
    const last = pts.at(-1)!;
    if (tm < first.t) constant *= first.v;
    else if (tm >= last.t) constant *= last.v;
    else {
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1]!;
        const b = pts[i]!;
        if (tm < b.t) {
          if (a.v === b.v || b.t === a.t) constant *= b.t === a.t ? b.v : a.v;
          else moving.push(`(${N(a.v)}+${N(b.v - a.v)}*${easingExpression(b.easing, `clip((t-${N(a.t)})/${N(b.t - a.t)},0,1)`)})`);
          break;
        }
      }
    }
  }
  if (m.fadeIn > 0 && tm < m.fadeIn) moving.push(`clip(t/${N(m.fadeIn)},0,1)`);
  if (m.fadeOut > 0 && tm > m.window - m.fadeOut) moving.push(`clip((${N(m.window)}-t)/${N(m.fadeOut)},0,1)`);
  if (m.duck.length > 0) {
    let level = 0;
    const ramps: string[] = [];
    for (const iv of m.duck) {
      if (tm < iv.s) continue;
      if (tm < iv.e) {
        if (m.attack > 0 && tm < iv.s + m.attack) ramps.push(`(t-${N(iv.s)})/${N(m.attack)}`);
        else level = Math.max(level, 1);
        continue;
      }
      if (m.release > 0 && tm < iv.e + m.release) {
        const peak = m.attack > 0 ? Math.min(1, (iv.e - iv.s) / m.attack) : 1;
        ramps.push(`${N(peak)}*(1-(t-${N(iv.e)})/${N(m.release)})`);
      }
    }
    if (ramps.length === 0 || level >= 1) {
      constant *= 1 - m.duckAmount * level;
    } else {
      const all = level > 0 ? [N(level), ...ramps] : ramps;
      const max = all.reduce((acc, e) => `max(${acc},${e})`);
      moving.push(`(1-${N(m.duckAmount)}*${max})`);
    }
  }
  if (constant === 0) return '0';
  return [...(constant === 1 && moving.length > 0 ? [] : [N(constant)]), ...moving].join('*');
}

/** The ffmpeg expression of `clip`'s gain in clip time `t`, or undefined when the gain is constant. */
export function clipGainExpression(clip: AudioMixClip, plan: AudioMixPlan, sources: Record<string, AudioSourceFacts> = {}): string | undefined {
  const m = gainModel(clip, plan, sources);
  return isConstant(m) ? undefined : modelExpr(m);
}

// ---------------------------------------------------------------------------------------------
// Tempo, pitch and pan

/** atempo factors (each within 0.5..2, as ffmpeg 4.1 requires) whose product is `factor`. */
export function atempoChain(factor: number): number[] {
  if (!(factor > 0) || !Number.isFinite(factor)) throw invalid(`audio mix: tempo factor must be > 0, got ${factor}`);
  if (Math.abs(factor - 1) < 1e-9) return [];
  const steps = Math.max(1, Math.ceil(Math.abs(Math.log2(factor)) - 1e-9));
  const each = Math.pow(factor, 1 / steps);
  return new Array<number>(steps).fill(each);
}

/** Constant-power pan gains: identity at 0, one side silent at ±1, gL² + gR² = 2 throughout. */
export function panGains(pan: number): { left: number; right: number } {
  const p = Math.min(1, Math.max(-1, pan));
  const angle = ((p + 1) * Math.PI) / 4;
  const left = Math.SQRT2 * Math.cos(angle);
  const right = Math.SQRT2 * Math.sin(angle);
  return { left: Math.abs(left) < 1e-12 ? 0 : left, right: Math.abs(right) < 1e-12 ? 0 : right };
}

/** The asetrate value for a detune, and the exact pitch ratio it gives. */
export function detuneRate(cents: number, sampleRate = MIX_SAMPLE_RATE): { rate: number; ratio: number } {
  const rate = Math.round(sampleRate * Math.pow(2, cents / 1200));
  return { rate, ratio: rate / sampleRate };
}

// ---------------------------------------------------------------------------------------------
// The graph

/** Inputs and filter graph of a mix. */
export interface AudioMixGraph {
  /** Per input: the options before `-i` and the file. */
  inputs: Array<{ clipId: string; args: string[] }>;
  /** The -filter_complex text; its output label is `[mix]`. */
  graph: string;
  /** Ids of the clips that are in the mix (audible ones). */
  mixedClipIds: string[];
  totalSamples: number;
}

function checkPlan(plan: AudioMixPlan): void {
  if (plan.sampleRate !== MIX_SAMPLE_RATE) throw invalid(`audio mix: sampleRate must be 48000, got ${String(plan.sampleRate)}`);
  if (!(plan.durationSeconds > 0) || !Number.isFinite(plan.durationSeconds)) throw invalid(`audio mix: durationSeconds must be > 0, got ${plan.durationSeconds}`);
  for (const c of plan.clips) {
    const where = c.pointer ?? c.id;
    const bad = (what: string): never => {
      throw invalid(`${where}: audio mix: ${what}`, { clipId: c.id });
    };
    if (!(c.startSeconds >= 0)) bad(`startSeconds must be ≥ 0, got ${c.startSeconds}`);
    if (!(c.durationSeconds >= 0)) bad(`durationSeconds must be ≥ 0, got ${c.durationSeconds}`);
    if (!(c.trimStartSeconds >= 0)) bad(`trimStartSeconds must be ≥ 0, got ${c.trimStartSeconds}`);
    if (c.trimEndSeconds !== undefined && !(c.trimEndSeconds >= c.trimStartSeconds)) bad(`trimEndSeconds must be ≥ trimStartSeconds`);
    if (!(c.playbackRate > 0) || !Number.isFinite(c.playbackRate)) bad(`playbackRate must be > 0, got ${c.playbackRate}`);
    if (!(c.volume >= 0) || !Number.isFinite(c.volume)) bad(`volume must be ≥ 0, got ${c.volume}`);
    if (c.detuneCents !== undefined && !Number.isFinite(c.detuneCents)) bad('detuneCents must be a number');
  }
}

/**
 * Builds the inputs and the filter graph of a mix (pure).
 * @throws FramesmithError ERR_TIMELINE_INVALID for a bad plan, or a loop whose source range is
 *   unknown (no trimEndSeconds and no duration in `sources`).
 */
export function buildAudioMixGraph(plan: AudioMixPlan, sources: Record<string, AudioSourceFacts> = {}): AudioMixGraph {
  checkPlan(plan);
  const sr = MIX_SAMPLE_RATE;
  const total = Math.round(plan.durationSeconds * sr);
  const inputs: AudioMixGraph['inputs'] = [];
  const chains: string[] = [];
  const labels: string[] = [];
  for (const clip of plan.clips) {
    const facts = sources[clip.file];
    if (!isAudible(clip, facts)) continue;
    const start = Math.round(clip.startSeconds * sr);
    const win = Math.min(Math.round(clip.durationSeconds * sr), total - start);
    if (win <= 0) continue;
    const sourceEnd = clip.trimEndSeconds ?? facts?.durationSeconds;
    const segment = sourceEnd === undefined ? undefined : Math.round((sourceEnd - clip.trimStartSeconds) * sr);
    if (segment !== undefined && segment <= 0) continue;

    const j = inputs.length;
    const inputArgs = clip.trimStartSeconds > 0 ? ['-ss', N(clip.trimStartSeconds)] : [];
    inputs.push({ clipId: clip.id, args: [...inputArgs, '-i', clip.file] });

    const f: string[] = [];
    if (facts?.channels === 1) f.push('pan=stereo|c0=c0|c1=c0');
    f.push('aformat=sample_fmts=fltp:channel_layouts=stereo', `aresample=${sr}`);
    if (clip.trimEndSeconds !== undefined && segment !== undefined) f.push(`atrim=end_sample=${segment}`);
    f.push('asetpts=N/SR/TB');

    const detune = clip.detuneCents !== undefined && clip.detuneCents !== 0 ? detuneRate(clip.detuneCents, sr) : undefined;
    // Source samples needed to fill the window (tempo is applied after the loop).
    const needed = Math.ceil(win * clip.playbackRate);
    if (clip.loop) {
      if (segment === undefined) {
        throw invalid(`${clip.pointer ?? clip.id}: audio mix: a looping clip needs trimEndSeconds or the source duration`, { clipId: clip.id });
      }
      if (segment < needed) {
        // One play more than strictly needed: atempo's output may fall a few ms short.
        const loops = Math.ceil(needed / segment);
        f.push(`aloop=loop=${loops}:size=${segment}`, 'asetpts=N/SR/TB');
      }
    }
    let tempo = clip.playbackRate;
    if (detune && detune.ratio !== 1) {
      f.push(`asetrate=${detune.rate}`, `aresample=${sr}`);
      tempo /= detune.ratio;
    }
    const chain = atempoChain(tempo);
    if (chain.length > 0) f.push(...chain.map((a) => `atempo=${N(a)}`), 'asetpts=N/SR/TB');
    f.push(`atrim=end_sample=${win}`);

    const gainExpr = clipGainExpression(clip, plan, sources);
    if (gainExpr !== undefined) {
      f.push(`aeval=exprs='val(ch)*${gainExpr}':channel_layout=stereo`);
    } else {
      const constant = clip.volume * (clip.gainEnvelope?.[0]?.volume ?? 1);
      if (constant !== 1) f.push(`volume=${N(constant)}`);
    }
    if (clip.pan !== undefined && clip.pan !== 0) {
      const { left, right } = panGains(clip.pan);
      f.push(`pan=stereo|c0=${N(left)}*c0|c1=${N(right)}*c1`);
    }
    if (start > 0) f.push(`adelay=${start}S|${start}S`);
    f.push('apad', `atrim=end_sample=${total}`, 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo');
    const label = `c${j}`;
    chains.push(`[${j}:a:0]${f.join(',')}[${label}]`);
    labels.push(label);
  }

  if (labels.length === 0) {
    chains.push(`anullsrc=r=${sr}:cl=stereo,atrim=end_sample=${total}[mix]`);
  } else if (labels.length === 1) {
    chains.push(`[${labels[0]}]anull[mix]`);
  } else {
    const n = labels.length;
    chains.push(`${labels.map((l) => `[${l}]`).join('')}amix=inputs=${n}:duration=longest:dropout_transition=0,volume=${n}[mix]`);
  }
  return { inputs, graph: chains.join(';\n'), mixedClipIds: inputs.map((i) => i.clipId), totalSamples: total };
}

/** The codec an output path implies: `.wav` → pcm_s16le, `.m4a`/`.mp4`/`.mov`/`.aac` → aac. */
export function audioCodecFor(output: string): AudioCodec {
  const ext = path.extname(output).toLowerCase();
  if (ext === '.wav') return 'pcm_s16le';
  if (ext === '.m4a' || ext === '.mp4' || ext === '.mov' || ext === '.aac') return 'aac';
  throw invalid(`audio mix: cannot tell the format of "${output}" (use .wav or .m4a, or pass codec)`);
}

function outputArgs(output: string, codec: AudioCodec, aacKbps: number): string[] {
  const safe = output.startsWith('-') ? `./${output}` : output;
  const common = ['-ar', String(MIX_SAMPLE_RATE), '-ac', '2'];
  if (codec === 'aac') return ['-c:a', 'aac', '-b:a', `${aacKbps}k`, ...common, '-movflags', '+faststart', '-f', 'mp4', safe];
  return ['-c:a', codec, ...common, '-f', 'wav', safe];
}

/**
 * The complete ffmpeg command line of a mix (pure): 48 kHz stereo, exactly `durationSeconds`.
 * @throws FramesmithError ERR_TIMELINE_INVALID as {@link buildAudioMixGraph}.
 */
export function buildAudioMixArgs(plan: AudioMixPlan, opts: AudioMixArgsOptions = {}): string[] {
  const output = opts.output ?? 'mix.wav';
  const codec = opts.codec ?? audioCodecFor(output);
  const g = opts.graph ?? buildAudioMixGraph(plan, opts.sources);
  return [
    ...quietArgs(),
    ...g.inputs.flatMap((i) => i.args),
    ...(opts.filterScriptPath ? ['-filter_complex_script', opts.filterScriptPath] : ['-filter_complex', g.graph]),
    '-map', '[mix]', '-vn', '-sn', '-dn',
    ...outputArgs(output, codec, opts.aacBitrateKbps ?? 192),
  ];
}

/** Options of {@link renderAudioMix}. */
export interface RenderAudioMixOptions {
  signal?: AbortSignal;
  /** ffprobe used to learn each file's channels, duration and whether it has sound; default FFPROBE_PATH or the bundled one. */
  ffprobePath?: string;
  /** Skip probing: facts per file path. */
  sources?: Record<string, AudioSourceFacts>;
  codec?: AudioCodec;
  aacBitrateKbps?: number;
  timeoutMs?: number;
}

/** ffprobe facts for each distinct file of the plan (4 probes at a time). */
export async function probeAudioSources(ffprobePath: string, plan: AudioMixPlan, signal?: AbortSignal): Promise<Record<string, AudioSourceFacts>> {
  const files = [...new Set(plan.clips.filter((c) => !c.muted && c.volume > 0).map((c) => c.file))];
  const out: Record<string, AudioSourceFacts> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const probe = await probeMedia(ffprobePath, file, { signal });
        const audio = probe.streams.find((s) => s.type === 'audio');
        out[file] = audio
          ? { hasAudio: true, channels: audio.channels, durationSeconds: audio.durationSeconds ?? (probe.format.durationSeconds || undefined) }
          : { hasAudio: false };
      } catch (err) {
        const clip = plan.clips.find((c) => c.file === file);
        if (err instanceof FramesmithError && clip && (hasErrorCode(err, 'ERR_ASSET_UNREADABLE') || hasErrorCode(err, 'ERR_FILE_NOT_FOUND'))) {
          throw new FramesmithError(err.code, `${clip.pointer ?? `audio clip "${clip.id}"`}: ${err.message}`, {
            stage: err.stage, cause: err, details: { ...err.details, clipId: clip.id },
          });
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
  return out;
}

/**
 * Renders the mix of `plan` into `output` (48 kHz stereo; WAV or AAC per extension or `codec`),
 * exactly `plan.durationSeconds` long. Written to a temporary name and renamed, so no partial file
 * is left behind.
 *
 * @throws FramesmithError ERR_TIMELINE_INVALID (bad plan), ERR_FILE_NOT_FOUND /
 *   ERR_ASSET_UNREADABLE (a clip's file, with its pointer), ERR_FFMPEG_SPAWN, ERR_FFMPEG_EXIT,
 *   ERR_RENDER_CANCELLED.
 */
export async function renderAudioMix(ffmpegPath: string, plan: AudioMixPlan, output: string, opts: RenderAudioMixOptions = {}): Promise<void> {
  const codec = opts.codec ?? audioCodecFor(output);
  const sources = opts.sources ?? (await probeAudioSources(opts.ffprobePath ?? resolveFfmpegPaths().ffprobe, plan, opts.signal));
  const graph = buildAudioMixGraph(plan, sources);
  const tmp = path.join(path.dirname(output), `.${path.basename(output)}.${randomBytes(6).toString('hex')}.partial`);
  let script: string | undefined;
  if (graph.graph.length > 32 * 1024) {
    script = path.join(tmpdir(), `framesmith-mix-${process.pid}-${randomBytes(6).toString('hex')}.txt`);
    await writeFile(script, graph.graph);
  }
  try {
    const args = buildAudioMixArgs(plan, { output: tmp, codec, graph, filterScriptPath: script, aacBitrateKbps: opts.aacBitrateKbps });
    await runFfmpeg(ffmpegPath, args, { signal: opts.signal, timeoutMs: opts.timeoutMs });
    await rename(tmp, output);
  } finally {
    await unlink(tmp).catch(() => undefined);
    if (script) await unlink(script).catch(() => undefined);
  }
}

/** The ffmpeg arguments of a silent 48 kHz stereo track of `durationSeconds` (pure). */
export function buildSilenceArgs(durationSeconds: number, output: string, codec: AudioCodec = audioCodecFor(output)): string[] {
  return buildAudioMixArgs({ durationSeconds, sampleRate: 48000, clips: [] }, { output, codec });
}

/**
 * Renders silence: what a composition without sound gets, so every MP4 has an audio track
 * (see docs/media.md). Same output rules as {@link renderAudioMix}.
 */
export async function renderSilence(
  ffmpegPath: string,
  spec: { durationSeconds: number; sampleRate?: 48000 },
  output: string,
  opts: { signal?: AbortSignal; codec?: AudioCodec; timeoutMs?: number } = {},
): Promise<void> {
  await renderAudioMix(ffmpegPath, { durationSeconds: spec.durationSeconds, sampleRate: 48000, clips: [] }, output, { ...opts, sources: {} });
}
