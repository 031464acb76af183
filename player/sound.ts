/**
 * The mix plan played live: one `<audio>` element per sound, through Web Audio gain and pan
 * nodes. Its gain at every animation frame comes from the renderer's own gain model
 * (engine/media/gain-model.ts: volume × envelope × fades × ducking), its position from the
 * timeline: trimStart + clip time × playbackRate (pitch kept), repeating the trimmed range when
 * the sound loops. Detune is not applied live (docs/preview.md).
 */
import { MAX_DRIFT_SECONDS } from './video-track.js';
import { clipGainAt, type AudioMixClip, type AudioMixPlan, type AudioSourceFacts } from '../engine/media/gain-model.js';
import type { PlayerDocument, PlayerSound } from '../engine/preview/player-types.js';


interface Track {
  clip: AudioMixClip;
  element: HTMLAudioElement;
  gain?: GainNode;
  pan?: StereoPannerNode;
}

export interface SoundState {
  id: string;
  playing: boolean;
  /** Source time of the element. */
  sourceTime: number;
  gain: number;
}

export class SoundMixer {
  private context: AudioContext | undefined;
  private analyser: AnalyserNode | undefined;
  private readonly tracks: Track[];
  private readonly plan: AudioMixPlan;
  private readonly facts: Record<string, AudioSourceFacts> = {};

  constructor(doc: PlayerDocument) {
    this.tracks = doc.sounds.map((s: PlayerSound) => {
      const url = doc.media[s.media]!;
      const element = new Audio();
      element.crossOrigin = 'anonymous';
      element.preload = 'auto';
      element.src = url;
      const { media: _media, facts, ...rest } = s;
      const clip: AudioMixClip = { ...rest, file: url };
      if (facts) this.facts[url] = facts;
      element.addEventListener('loadedmetadata', () => {
        // The server's probe (when it made one) knows whether the file has sound at all.
        if (Number.isFinite(element.duration) && !facts) this.facts[url] = { hasAudio: true, durationSeconds: element.duration };
      });
      return { clip, element };
    });
    this.plan = {
      durationSeconds: doc.composition.durationInFrames / doc.composition.fps,
      sampleRate: 48000,
      clips: this.tracks.map((t) => t.clip),
    };
  }

  get count(): number {
    return this.tracks.length;
  }

  /** Creates (or resumes) the audio graph; browsers allow it after a user gesture or with autoplay allowed. */
  private ensureContext(): AudioContext | undefined {
    if (this.tracks.length === 0) return undefined;
    if (!this.context) {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      analyser.connect(context.destination);
      for (const t of this.tracks) {
        const source = context.createMediaElementSource(t.element);
        t.gain = context.createGain();
        t.pan = context.createStereoPanner();
        t.pan.pan.value = Math.max(-1, Math.min(1, t.clip.pan ?? 0));
        source.connect(t.gain).connect(t.pan).connect(analyser);
      }
      this.context = context;
      this.analyser = analyser;
    }
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
    return this.context;
  }

  /** Source time of `clip` at clip time `c`, or undefined when it has run out. */
  private sourceTime(t: Track, c: number): number | undefined {
    const { clip } = t;
    const travelled = c * clip.playbackRate;
    const end = clip.trimEndSeconds ?? this.facts[clip.file]?.durationSeconds;
    if (clip.loop && end !== undefined && end > clip.trimStartSeconds) return clip.trimStartSeconds + (travelled % (end - clip.trimStartSeconds));
    const at = clip.trimStartSeconds + travelled;
    return end !== undefined && at >= end ? undefined : at;
  }

  /** Follows the timeline at time `time`: starts, stops, re-seeks and sets the gain of every sound. */
  follow(time: number, playing: boolean): void {
    if (playing) this.ensureContext();
    for (const t of this.tracks) {
      const c = time - t.clip.startSeconds;
      const at = playing && c >= 0 && c < t.clip.durationSeconds ? this.sourceTime(t, c) : undefined;
      if (at === undefined) {
        if (!t.element.paused) t.element.pause();
        continue;
      }
      if (t.gain) t.gain.gain.value = clipGainAt(t.clip, this.plan, c, this.facts);
      t.element.playbackRate = t.clip.playbackRate;
      if (Math.abs(t.element.currentTime - at) > MAX_DRIFT_SECONDS) t.element.currentTime = at;
      if (t.element.paused) void t.element.play().catch(() => undefined);
    }
  }

  pause(): void {
    for (const t of this.tracks) if (!t.element.paused) t.element.pause();
  }

  /** What every sound is doing now (for tests and the automation interface). */
  state(): SoundState[] {
    return this.tracks.map((t) => ({
      id: t.clip.id, playing: !t.element.paused, sourceTime: t.element.currentTime, gain: t.gain?.gain.value ?? 0,
    }));
  }

  /** RMS level of what reaches the speakers now (0 when nothing sounds or the graph is not running). */
  level(): number {
    const a = this.analyser;
    if (!a) return 0;
    const data = new Float32Array(a.fftSize);
    a.getFloatTimeDomainData(data);
    let sum = 0;
    for (const v of data) sum += v * v;
    return Math.sqrt(sum / data.length);
  }

  dispose(): void {
    this.pause();
    for (const t of this.tracks) {
      t.element.removeAttribute('src');
      t.element.load();
    }
    void this.context?.close().catch(() => undefined);
  }
}
