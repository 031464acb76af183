/**
 * renderAudioMix through the real ffmpeg, measured on decoded samples. Fixtures are sine tones
 * (0.5 × sin 2π·f·t, 1 s) and a click at exactly 1.000 s, so most outputs can be predicted sample
 * by sample: output(τ) = Σ gain_i(τ − start_i) × source_i(τ − start_i + trimStart_i).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPaths } from '../../../engine/encode/ffmpeg-path.js';
import { runFfmpeg } from '../../../engine/encode/ffmpeg-process.js';
import { FramesmithError, hasErrorCode } from '../../../engine/errors.js';
import { probeMedia } from '../../../engine/media/ffprobe.js';
import {
  buildAudioMixGraph,
  clipGainAt,
  easingExpression,
  MIX_EASINGS,
  renderAudioMix,
  renderSilence,
  type AudioMixClip,
  type AudioMixPlan,
} from '../../../engine/media/audio-mix.js';
import { EASINGS } from '../../../engine/timeline/easing.js';
import { makeMediaFixtures, MEDIA_FIXTURES as F } from '../../setup/media-fixtures.js';

const { ffmpeg, ffprobe } = resolveFfmpegPaths();
const SR = 48000;
const dir = mkdtempSync(join(tmpdir(), 'framesmith-audio-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await makeMediaFixtures(ffmpeg);
}, 120_000);

interface Pcm {
  left: Float32Array;
  right: Float32Array;
  length: number;
}

let outputs = 0;
let lastOutput = '';

/**
 * AAC: the container says exactly `seconds` (an edit list trims the encoder's padding), while
 * ffmpeg 4.1's decoder returns whole 1024-sample frames, so up to 1023 extra silent samples.
 */
async function expectAacLength(pcm: Pcm, seconds: number, file = lastOutput): Promise<void> {
  const probe = await probeMedia(ffprobe, file);
  expect(probe.format.durationSeconds).toBeCloseTo(seconds, 6);
  expect(probe.streams[0]?.durationSeconds).toBeCloseTo(seconds, 6);
  expect(pcm.length).toBeGreaterThanOrEqual(seconds * SR);
  expect(pcm.length).toBeLessThan(seconds * SR + 1024);
  expect(peak(pcm.left, seconds * SR)).toBeLessThan(0.01);
}

/** Renders the plan (f32 WAV unless `ext` says otherwise) and decodes it to float samples. */
async function mix(clips: AudioMixClip[], durationSeconds: number, ext = '.wav'): Promise<Pcm> {
  const out = join(dir, `mix-${outputs++}${ext}`);
  lastOutput = out;
  const plan: AudioMixPlan = { durationSeconds, sampleRate: 48000, clips };
  await renderAudioMix(ffmpeg, plan, out, { ffprobePath: ffprobe, codec: ext === '.wav' ? 'pcm_f32le' : 'aac' });
  return decode(out);
}

async function decode(file: string): Promise<Pcm> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '2', '-ar', String(SR), '-']);
  const all = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
  const length = all.length / 2;
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    left[i] = all[2 * i]!;
    right[i] = all[2 * i + 1]!;
  }
  return { left, right, length };
}

function clip(extra: Partial<AudioMixClip>): AudioMixClip {
  return { id: 'a', file: F.toneStereo, startSeconds: 0, durationSeconds: 1, trimStartSeconds: 0, volume: 1, muted: false, playbackRate: 1, loop: false, ...extra };
}

/** The 1 s fixture tones, as functions of source time. */
const tone = (f: number) => (t: number): number => (t >= 0 && t < 1 ? 0.5 * Math.sin(2 * Math.PI * f * t) : 0);
const t440 = tone(440);

/** Largest |actual − predicted| over samples [from, to). */
function maxError(ch: Float32Array, predict: (t: number) => number, from = 0, to = ch.length, step = 1): number {
  let worst = 0;
  for (let i = from; i < to; i += step) worst = Math.max(worst, Math.abs((ch[i] ?? 0) - predict(i / SR)));
  return worst;
}

/** First sample whose magnitude exceeds `threshold`, or -1. */
function onset(ch: Float32Array, threshold = 0.3): number {
  return ch.findIndex((v) => Math.abs(v) > threshold);
}

function rms(ch: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (ch[i] ?? 0) ** 2;
  return Math.sqrt(s / Math.max(1, to - from));
}

function peak(ch: Float32Array, from = 0, to = ch.length): number {
  let p = 0;
  for (let i = from; i < to; i++) p = Math.max(p, Math.abs(ch[i] ?? 0));
  return p;
}

/** Frequency from rising zero crossings over [from, to). */
function frequency(ch: Float32Array, from: number, to: number): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) if ((ch[i - 1] ?? 0) < 0 && (ch[i] ?? 0) >= 0) crossings.push(i);
  if (crossings.length < 2) return 0;
  return ((crossings.length - 1) * SR) / (crossings.at(-1)! - crossings[0]!);
}

/** Index just after the last sample above `threshold`. */
function soundEnd(ch: Float32Array, threshold = 0.05): number {
  for (let i = ch.length - 1; i >= 0; i--) if (Math.abs(ch[i]!) > threshold) return i + 1;
  return 0;
}

const S16 = 2e-4; // fixture quantisation (s16) plus float rounding

describe('renderAudioMix: timing', () => {
  it('sync: a click at 1.000 s in the source comes out at 1.000 s ± 1 ms (WAV and AAC sources, AAC output)', async () => {
    const wav = await mix([clip({ file: F.click, durationSeconds: 2 })], 2);
    expect(onset(wav.left)).toBe(48000);
    expect(onset(wav.right)).toBe(48000);
    const fromAac = await mix([clip({ file: F.clickM4a, durationSeconds: 2 })], 2);
    expect(Math.abs(onset(fromAac.left, 0.45) - 48000)).toBeLessThanOrEqual(48);
    const trimmedAac = await mix([clip({ file: F.clickM4a, durationSeconds: 1.5, trimStartSeconds: 0.5, startSeconds: 0.25 })], 2);
    expect(Math.abs(onset(trimmedAac.left, 0.45) - 0.75 * SR)).toBeLessThanOrEqual(48);
    const toAac = await mix([clip({ file: F.click, durationSeconds: 2 })], 2, '.m4a');
    expect(Math.abs(onset(toAac.left, 0.45) - 48000)).toBeLessThanOrEqual(48);
    await expectAacLength(toAac, 2);
  });

  it('placement: sound starts at startSeconds (sample-exact)', async () => {
    const pcm = await mix([clip({ file: F.click, startSeconds: 0.25, durationSeconds: 2 })], 3);
    expect(onset(pcm.left)).toBe(1.25 * SR);
    const tonePcm = await mix([clip({ startSeconds: 0.5 })], 2);
    expect(maxError(tonePcm.left, (t) => t440(t - 0.5))).toBeLessThan(S16);
  });

  it('trim: trimStart shifts the source, trimEnd stops it', async () => {
    const click = await mix([clip({ file: F.click, startSeconds: 1, durationSeconds: 2, trimStartSeconds: 0.5 })], 3);
    expect(onset(click.left)).toBe(1.5 * SR);
    const pcm = await mix([clip({ startSeconds: 0.2, durationSeconds: 1, trimStartSeconds: 0.25, trimEndSeconds: 0.75 })], 1.5);
    expect(maxError(pcm.left, (t) => (t >= 0.2 && t < 0.7 ? t440(t - 0.2 + 0.25) : 0))).toBeLessThan(S16);
    expect(peak(pcm.left, 0.7 * SR)).toBe(0);
  });

  it('the output is exactly durationSeconds long: padded with silence, or cut', async () => {
    const padded = await mix([clip({ durationSeconds: 0.5 })], 1.337);
    expect(padded.length).toBe(Math.round(1.337 * SR));
    const cut = await mix([clip({ startSeconds: 0.5, durationSeconds: 1 })], 0.75);
    expect(cut.length).toBe(0.75 * SR);
    expect(maxError(cut.left, (t) => t440(t - 0.5))).toBeLessThan(S16);
    const aac = await mix([clip({ durationSeconds: 0.5 })], 1.25, '.m4a');
    await expectAacLength(aac, 1.25);
  });
});

describe('renderAudioMix: level, pan and sum', () => {
  it('volume 0.5 is −6 dB', async () => {
    const full = await mix([clip({})], 1);
    const half = await mix([clip({ volume: 0.5 })], 1);
    const db = 20 * Math.log10(rms(half.left, 0, SR) / rms(full.left, 0, SR));
    expect(db).toBeCloseTo(-6.02, 2);
    expect(maxError(half.left, (t) => 0.5 * t440(t))).toBeLessThan(S16);
  });

  it('pan −1 leaves the right channel silent (and +1 the left), keeping the power', async () => {
    const left = await mix([clip({ pan: -1 })], 1);
    expect(peak(left.right)).toBe(0);
    expect(maxError(left.left, (t) => Math.SQRT2 * t440(t))).toBeLessThan(S16);
    const right = await mix([clip({ pan: 1 })], 1);
    expect(peak(right.left)).toBe(0);
    const centre = rms(left.left, 0, SR) ** 2;
    expect(centre).toBeCloseTo(2 * rms((await mix([clip({})], 1)).left, 0, SR) ** 2, 4);
  });

  it('a mono file plays at full level on both channels', async () => {
    const pcm = await mix([clip({ file: F.toneMono })], 1);
    expect(maxError(pcm.left, t440)).toBeLessThan(S16);
    expect(maxError(pcm.right, t440)).toBeLessThan(S16);
  });

  it('clips sum without 1/N scaling: two, three and four clips', async () => {
    const two = await mix([clip({ id: 'a' }), clip({ id: 'b' })], 1);
    expect(maxError(two.left, (t) => 2 * t440(t))).toBeLessThan(2 * S16);
    const three = await mix([clip({ id: 'a', volume: 0.4 }), clip({ id: 'b', volume: 0.4, startSeconds: 0.5 }), clip({ id: 'c', file: F.tone880Stereo, volume: 0.4 })], 1.5);
    const t880 = tone(880);
    expect(maxError(three.left, (t) => 0.4 * (t440(t) + t440(t - 0.5) + t880(t)))).toBeLessThan(3 * S16);
    const four = await mix(['a', 'b', 'c', 'd'].map((id) => clip({ id, volume: 0.25 })), 1);
    expect(maxError(four.left, t440)).toBeLessThan(4 * S16);
  });

  it('a muted clip and a file without sound leave silence of the right length', async () => {
    const pcm = await mix([clip({ muted: true }), clip({ id: 'v', file: F.numberedVideo })], 1);
    expect(pcm.length).toBe(SR);
    expect(peak(pcm.left)).toBe(0);
    const withSound = await mix([clip({ id: 'v', file: F.numberedWithAudio })], 1);
    expect(rms(withSound.left, 0.2 * SR, 0.8 * SR)).toBeGreaterThan(0.3);
  });
});

describe('renderAudioMix: automation', () => {
  it('fadeIn ramps from silence, fadeOut ramps to silence at the window end', async () => {
    const c = clip({ durationSeconds: 1, fadeInSeconds: 0.4, fadeOutSeconds: 0.25, volume: 0.9 });
    const plan: AudioMixPlan = { durationSeconds: 1, sampleRate: 48000, clips: [c] };
    const pcm = await mix([c], 1);
    expect(maxError(pcm.left, (t) => clipGainAt(c, plan, t) * t440(t))).toBeLessThan(S16);
    expect(rms(pcm.left, 0, 0.05 * SR)).toBeLessThan(0.03);
    expect(peak(pcm.left, 0.999 * SR)).toBeLessThan(0.005);
  });

  it('gainEnvelope with easings follows the same curve as the engine\'s easing functions', async () => {
    const c = clip({
      durationSeconds: 1,
      gainEnvelope: [
        { timeSeconds: 0.1, volume: 0 },
        { timeSeconds: 0.5, volume: 1, easing: 'easeOutBounce' },
        { timeSeconds: 0.9, volume: 0.3, easing: 'easeInOutCubic' },
      ],
    });
    const plan: AudioMixPlan = { durationSeconds: 1, sampleRate: 48000, clips: [c] };
    const pcm = await mix([c], 1);
    expect(maxError(pcm.left, (t) => clipGainAt(c, plan, t) * t440(t))).toBeLessThan(S16);
  });

  it('every easing expression matches engine/timeline/easing.ts (evaluated by ffmpeg)', async () => {
    const rate = 1000;
    for (const name of MIX_EASINGS) {
      const expr = easingExpression(name, 't');
      const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=${rate}:d=1.001`, '-f', 'f64le', '-']);
      const values = new Float64Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length));
      let worst = 0;
      for (let i = 0; i <= rate; i++) worst = Math.max(worst, Math.abs(values[i]! - EASINGS[name]!(i / rate)));
      expect(worst, name).toBeLessThan(1e-9);
    }
  });

  it('ducking lowers the music while the voice sounds (attack and release ramps)', async () => {
    const music = clip({ id: 'music', file: F.toneStereo, durationSeconds: 3, loop: true, volume: 0.8, ducking: { targets: ['voice'], amount: 0.75, attackSeconds: 0.1, releaseSeconds: 0.3 } });
    const voice = clip({ id: 'voice', file: F.tone880Stereo, startSeconds: 1, durationSeconds: 1 });
    const plan: AudioMixPlan = { durationSeconds: 3, sampleRate: 48000, clips: [music, voice] };
    const pcm = await mix([music, voice], 3);
    const looped = (t: number): number => t440(((t % 1) + 1) % 1);
    const t880 = tone(880);
    expect(maxError(pcm.left, (t) => clipGainAt(music, plan, t) * looped(t) + t880(t - 1))).toBeLessThan(2 * S16);
    // The music alone, on the right channel of a copy panned apart: 0.8 before, 0.2 while ducked.
    const apart = await mix([{ ...music, pan: -1 }, { ...voice, pan: 1 }], 3);
    const level = (from: number, to: number): number => peak(apart.left, from * SR, to * SR) / (Math.SQRT2 * 0.5);
    expect(level(0.5, 0.95)).toBeCloseTo(0.8, 2);
    expect(level(1.2, 1.95)).toBeCloseTo(0.2, 2);
    expect(level(2.4, 2.95)).toBeCloseTo(0.8, 2);
  });

  it('ducking with overlapping targets, a release running into the next attack, and an envelope, sample by sample', async () => {
    const music = clip({
      id: 'music', durationSeconds: 2.6, startSeconds: 0.2, loop: true, fadeInSeconds: 0.1, fadeOutSeconds: 0.3,
      gainEnvelope: [{ timeSeconds: 0, volume: 1 }, { timeSeconds: 2.4, volume: 0.5, easing: 'easeInOutSine' }],
      ducking: { targets: ['a', 'b', 'c'], amount: 0.9, attackSeconds: 0.25, releaseSeconds: 0.3 },
    });
    const voice = (id: string, start: number, duration: number): AudioMixClip =>
      clip({ id, file: F.tone880Stereo, startSeconds: start, durationSeconds: duration, volume: 0.3 });
    const clips = [music, voice('a', 0.5, 0.3), voice('b', 1, 0.6), voice('c', 1.5, 0.5)];
    const plan: AudioMixPlan = { durationSeconds: 3, sampleRate: 48000, clips };
    const pcm = await mix(clips, 3);
    const t880 = tone(880);
    const predict = (t: number): number =>
      (t >= 0.2 && t < 2.8 ? clipGainAt(music, plan, t - 0.2) * t440((t - 0.2) % 1) : 0) +
      0.3 * ((t < 0.8 ? t880(t - 0.5) : 0) + (t < 1.6 ? t880(t - 1) : 0) + (t < 2 ? t880(t - 1.5) : 0));
    expect(maxError(pcm.left, predict)).toBeLessThan(3 * S16);
    expect(maxError(pcm.right, predict)).toBeLessThan(3 * S16);
  });

  it('a graph too long for the command line goes through -filter_complex_script', async () => {
    const points = Array.from({ length: 500 }, (_, i) => ({ timeSeconds: i / 500, volume: i % 2 === 0 ? 0.2 : 0.9, easing: 'easeInOutQuad' }));
    const c = clip({ gainEnvelope: points });
    const plan: AudioMixPlan = { durationSeconds: 1, sampleRate: 48000, clips: [c] };
    expect(buildAudioMixGraph(plan).graph.length).toBeGreaterThan(32 * 1024);
    const pcm = await mix([c], 1);
    expect(maxError(pcm.left, (t) => clipGainAt(c, plan, t) * t440(t), 0, SR, 7)).toBeLessThan(S16);
  });

  it('loop fills the window gaplessly, repeating the trimmed range', async () => {
    const pcm = await mix([clip({ durationSeconds: 2.5, loop: true })], 3);
    expect(maxError(pcm.left, (t) => (t < 2.5 ? t440(t % 1) : 0))).toBeLessThan(S16);
    const trimmed = await mix([clip({ durationSeconds: 1, loop: true, trimStartSeconds: 0.25, trimEndSeconds: 0.5 })], 1);
    expect(maxError(trimmed.left, (t) => t440(0.25 + (t % 0.25)))).toBeLessThan(S16);
  });

  it('playbackRate 2 halves the duration and keeps the pitch; 4 uses a chain of atempo', async () => {
    const two = await mix([clip({ durationSeconds: 2, playbackRate: 2 })], 2);
    expect(Math.abs(soundEnd(two.left) - 0.5 * SR)).toBeLessThan(0.015 * SR);
    expect(frequency(two.left, 0.05 * SR, 0.45 * SR)).toBeCloseTo(440, -1);
    const four = await mix([clip({ durationSeconds: 2, playbackRate: 4 })], 2);
    expect(Math.abs(soundEnd(four.left) - 0.25 * SR)).toBeLessThan(0.015 * SR);
    const half = await mix([clip({ durationSeconds: 2.5, playbackRate: 0.5 })], 2.5);
    expect(Math.abs(soundEnd(half.left) - 2 * SR)).toBeLessThan(0.03 * SR);
    // Source 1.0 s at rate 2 sounds at 0.5 s, give or take atempo's overlap-add window: a
    // time stretch moves transients by up to ~half a window (measured: 12 ms early at rate 2).
    const click = await mix([clip({ file: F.click, durationSeconds: 1, playbackRate: 2 })], 1);
    expect(Math.abs(onset(click.left, 0.3) - 0.5 * SR)).toBeLessThanOrEqual(0.025 * SR);
  });

  it('detune +1200 cents doubles the pitch and keeps the duration', async () => {
    const pcm = await mix([clip({ durationSeconds: 2, detuneCents: 1200 })], 2);
    expect(frequency(pcm.left, 0.1 * SR, 0.9 * SR)).toBeCloseTo(880, -1);
    expect(Math.abs(soundEnd(pcm.left) - SR)).toBeLessThan(0.03 * SR);
  });
});

describe('renderAudioMix and renderSilence: files and errors', () => {
  it('renderSilence writes exact-length silence as WAV and as AAC', async () => {
    const wav = join(dir, 'silence.wav');
    await renderSilence(ffmpeg, { durationSeconds: 2.5 }, wav);
    const pcm = await decode(wav);
    expect(pcm.length).toBe(2.5 * SR);
    expect(peak(pcm.left)).toBe(0);
    const m4a = join(dir, 'silence.m4a');
    await renderSilence(ffmpeg, { durationSeconds: 2.5 }, m4a);
    const probe = await probeMedia(ffprobe, m4a);
    expect(probe.streams).toMatchObject([{ type: 'audio', codec: 'aac', sampleRate: 48000, channels: 2 }]);
    await expectAacLength(await decode(m4a), 2.5, m4a);
  });

  it('a missing or unreadable file names the clip; a cancelled render leaves nothing behind', async () => {
    const plan = (file: string): AudioMixPlan => ({ durationSeconds: 1, sampleRate: 48000, clips: [clip({ file, pointer: '/tracks/2/clips/0' })] });
    const out = join(dir, 'errors', 'x.wav');
    const missing = await renderAudioMix(ffmpeg, plan('/nonexistent/a.wav'), out, { ffprobePath: ffprobe }).catch((e: FramesmithError) => e);
    expect(hasErrorCode(missing, 'ERR_FILE_NOT_FOUND')).toBe(true);
    expect(String(missing)).toContain('/tracks/2/clips/0');
    const corrupt = await renderAudioMix(ffmpeg, plan(F.corrupt), out, { ffprobePath: ffprobe }).catch((e: FramesmithError) => e);
    expect(hasErrorCode(corrupt, 'ERR_ASSET_UNREADABLE')).toBe(true);
    expect(String(corrupt)).toContain(F.corrupt);

    const ac = new AbortController();
    const long: AudioMixPlan = { durationSeconds: 600, sampleRate: 48000, clips: [clip({ durationSeconds: 600, loop: true, fadeInSeconds: 1 })] };
    const target = join(dir, 'cancelled.wav');
    const p = renderAudioMix(ffmpeg, long, target, { ffprobePath: ffprobe, signal: ac.signal }).catch((e: FramesmithError) => e);
    setTimeout(() => ac.abort(), 300);
    expect(hasErrorCode(await p, 'ERR_RENDER_CANCELLED')).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  });
});
