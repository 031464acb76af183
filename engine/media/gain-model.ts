/**
 * A clip's gain as a function of clip time (volume × envelope × fades × ducking), and the
 * types of a mix plan. Browser-safe: the mixer (audio-mix.ts) renders the same model as an
 * ffmpeg expression, the browser preview evaluates it per animation frame.
 */
import { EASINGS } from '../timeline/easing.js';
import type { SoundSettings } from '../model/composition.js';

/** One sound on the timeline. Times in seconds. */
export interface AudioMixClip extends SoundSettings {
  id: string;
  /** A local file with an audio stream (see `resolveMediaFile`); video files are fine. */
  file: string;
  /** JSON pointer of the clip, for messages. */
  pointer?: string;
  /** Timeline time of the clip's start. */
  startSeconds: number;
  /** Length of the clip window on the timeline (already shortened by source.end, §2). */
  durationSeconds: number;
}

/** The sound of a whole composition. */
export interface AudioMixPlan {
  /** Length of the output: padded with silence or cut to exactly this. */
  durationSeconds: number;
  sampleRate: 48000;
  clips: AudioMixClip[];
}

/** What ffprobe says about a clip's file (renderAudioMix fills these in). */
export interface AudioSourceFacts {
  hasAudio: boolean;
  channels?: number;
  /** Duration of the audio stream (or the file), seconds. */
  durationSeconds?: number;
}

/** A piecewise description of a clip's gain, shared by the ffmpeg expression and the JS evaluator. */
export interface GainModel {
  volume: number;
  envelope: Array<{ t: number; v: number; easing: string }>;
  fadeIn: number;
  fadeOut: number;
  window: number;
  duckAmount: number;
  /** Clip-relative intervals where a target sounds, merged and sorted. */
  duck: Array<{ s: number; e: number }>;
  attack: number;
  release: number;
}

/** When a clip actually makes sound on the timeline: its window, shortened when a non-looping source runs out. */
export function soundingWindow(clip: AudioMixClip, facts?: AudioSourceFacts): { start: number; end: number } {
  let length = clip.durationSeconds;
  if (!clip.loop) {
    const sourceEnd = clip.trimEndSeconds ?? facts?.durationSeconds;
    if (sourceEnd !== undefined) length = Math.min(length, Math.max(0, sourceEnd - clip.trimStartSeconds) / clip.playbackRate);
  }
  return { start: clip.startSeconds, end: clip.startSeconds + Math.max(0, length) };
}

export function isAudible(clip: AudioMixClip, facts?: AudioSourceFacts): boolean {
  return !clip.muted && clip.volume > 0 && clip.durationSeconds > 0 && facts?.hasAudio !== false;
}

export function gainModel(clip: AudioMixClip, plan: AudioMixPlan, sources: Record<string, AudioSourceFacts>): GainModel {
  const envelope = [...(clip.gainEnvelope ?? [])]
    .filter((p) => Number.isFinite(p.timeSeconds) && Number.isFinite(p.volume))
    .sort((a, b) => a.timeSeconds - b.timeSeconds)
    .map((p) => ({ t: p.timeSeconds, v: Math.max(0, p.volume), easing: p.easing ?? 'linear' }));
  const duckAmount = Math.min(1, Math.max(0, clip.ducking?.amount ?? 0));
  const attack = Math.max(0, clip.ducking?.attackSeconds ?? 0);
  const release = Math.max(0, clip.ducking?.releaseSeconds ?? 0);
  const intervals: Array<{ s: number; e: number }> = [];
  if (clip.ducking && duckAmount > 0) {
    const targets = new Set(clip.ducking.targets);
    for (const other of plan.clips) {
      if (other === clip || other.id === clip.id || !targets.has(other.id)) continue;
      if (!isAudible(other, sources[other.file])) continue;
      const w = soundingWindow(other, sources[other.file]);
      const s = w.start - clip.startSeconds;
      const e = w.end - clip.startSeconds;
      if (e <= s || e + release <= 0 || s >= clip.durationSeconds) continue;
      intervals.push({ s, e });
    }
  }
  intervals.sort((a, b) => a.s - b.s);
  const merged: Array<{ s: number; e: number }> = [];
  for (const iv of intervals) {
    const last = merged.at(-1);
    if (last && iv.s <= last.e) last.e = Math.max(last.e, iv.e);
    else merged.push({ ...iv });
  }
  return {
    volume: clip.volume,
    envelope,
    fadeIn: Math.max(0, clip.fadeInSeconds ?? 0),
    fadeOut: Math.max(0, clip.fadeOutSeconds ?? 0),
    window: clip.durationSeconds,
    duckAmount,
    duck: merged,
    attack,
    release,
  };
}

export function isConstant(m: GainModel): boolean {
  const flatEnvelope = m.envelope.every((p) => p.v === m.envelope[0]?.v);
  return flatEnvelope && m.fadeIn === 0 && m.fadeOut === 0 && m.duck.length === 0;
}

/** Level of one ducking interval: ramps up over `attack` from s, releases over `release` from e. */
function duckLevelJs(t: number, iv: { s: number; e: number }, attack: number, release: number): number {
  if (t < iv.s) return 0;
  const up = (x: number): number => (attack > 0 ? Math.min(1, (x - iv.s) / attack) : 1);
  if (t < iv.e) return up(t);
  const peak = up(iv.e);
  return release > 0 ? peak * Math.max(0, 1 - (t - iv.e) / release) : 0;
}

function envelopeJs(m: GainModel, t: number): number {
  const pts = m.envelope;
  const first = pts[0];
  if (!first) return 1;
  if (t < first.t) return first.v;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (t < b.t) {
      if (b.t === a.t) return b.v;
      const f = EASINGS[b.easing] ?? EASINGS.linear!;
      const x = (t - a.t) / (b.t - a.t);
      return a.v + (b.v - a.v) * f(Math.min(1, Math.max(0, x)));
    }
  }
  return pts.at(-1)!.v;
}

function modelJs(m: GainModel, t: number): number {
  let g = m.volume * envelopeJs(m, t);
  if (m.fadeIn > 0) g *= Math.min(1, Math.max(0, t / m.fadeIn));
  if (m.fadeOut > 0) g *= Math.min(1, Math.max(0, (m.window - t) / m.fadeOut));
  if (m.duck.length > 0) {
    const level = Math.max(0, ...m.duck.map((iv) => duckLevelJs(t, iv, m.attack, m.release)));
    g *= 1 - m.duckAmount * level;
  }
  return g;
}

/** The gain of `clip` at clip time `t` seconds (what the ffmpeg expression computes). */
export function clipGainAt(clip: AudioMixClip, plan: AudioMixPlan, t: number, sources: Record<string, AudioSourceFacts> = {}): number {
  return modelJs(gainModel(clip, plan, sources), t);
}
