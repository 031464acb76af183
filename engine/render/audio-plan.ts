/**
 * The sound of a composition as one mix plan: every audio clip, plus the sound of every
 * video clip (files without an audio stream are skipped by the mixer).
 */
import type { AudioSpec, Composition, ElementSpec, MediaSource } from '../model/composition.js';
import { flattenLayers } from '../elements/layout.js';
import { resolveMediaFile } from '../assets/read-media.js';
import { MIX_SAMPLE_RATE, type AudioMixClip, type AudioMixPlan } from '../media/audio-mix.js';

type VideoSpec = Extract<ElementSpec, { kind: 'video' }>;

/** A sound source with its window in frames, before its file is resolved. */
export interface Sound {
  spec: Omit<AudioMixClip, 'file' | 'startSeconds' | 'durationSeconds'>;
  source: MediaSource;
  startFrame: number;
  endFrame: number;
}

function fromAudio(a: AudioSpec): Sound {
  const { source, startFrame, endFrame, ...rest } = a;
  return { spec: rest, source, startFrame, endFrame };
}

function fromVideo(id: string, pointer: string, v: VideoSpec, startFrame: number, endFrame: number): Sound {
  return {
    spec: {
      id, pointer, trimStartSeconds: v.trimStartSeconds, trimEndSeconds: v.trimEndSeconds, volume: v.volume, muted: v.muted,
      playbackRate: v.playbackRate, loop: false,
    },
    source: v.source, startFrame, endFrame,
  };
}

/**
 * A sound whose first `seconds` fall before the rendered range: it starts later in its
 * source, and its clip-relative automation moves with it. A fade-in already under way is
 * dropped (the range starts at full level); a looped sound restarts its loop at the new
 * source start.
 */
function cutStart(spec: Sound['spec'], seconds: number): Sound['spec'] {
  if (seconds <= 0) return spec;
  return {
    ...spec,
    trimStartSeconds: spec.trimStartSeconds + seconds * spec.playbackRate,
    fadeInSeconds: spec.fadeInSeconds !== undefined && spec.fadeInSeconds > seconds ? spec.fadeInSeconds - seconds : undefined,
    gainEnvelope: spec.gainEnvelope?.map((p) => ({ ...p, timeSeconds: p.timeSeconds - seconds })),
  };
}

/** Every sound of the timeline (audio clips, then the sound of each video clip), muted ones included. */
export function timelineSounds(comp: Composition): Sound[] {
  return [
    ...comp.audio.map(fromAudio),
    ...flattenLayers(comp.layers)
      .filter((l) => l.element.kind === 'video')
      .map((l) => fromVideo(l.id, l.pointer, l.element as VideoSpec, l.startFrame, l.endFrame)),
  ];
}

/** The mix plan over frames [first, end) of the timeline; remote sources are fetched (and cached) here. */
export async function buildAudioPlan(comp: Composition, range: [number, number], signal?: AbortSignal): Promise<AudioMixPlan> {
  const clips: AudioMixClip[] = [];
  for (const s of timelineSounds(comp)) {
    if (s.spec.muted || s.endFrame <= range[0] || s.startFrame >= range[1]) continue;
    clips.push({
      ...cutStart(s.spec, Math.max(0, range[0] - s.startFrame) / comp.fps),
      file: await resolveMediaFile(s.source, { signal }),
      startSeconds: Math.max(0, s.startFrame - range[0]) / comp.fps,
      durationSeconds: (s.endFrame - Math.max(s.startFrame, range[0])) / comp.fps,
    });
  }
  return { durationSeconds: (range[1] - range[0]) / comp.fps, sampleRate: MIX_SAMPLE_RATE, clips };
}
