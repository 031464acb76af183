/**
 * Output options → a checked, complete output spec: format, encoded size (resolution
 * tiers that never upscale), codecs and bitrates. Pure. Impossible combinations are
 * refused with the reason, as issues with the option's name as pointer.
 *
 * Rules from ../shared/spec/other-render-apis.md §A: a resolution tier sets the SHORTER
 * edge, keeps the aspect ratio, adds no padding and never upscales; bitrates are steps on
 * a ladder, absent = Auto.
 */
import type { Composition } from '../model/composition.js';
import { FramesmithError, type ValidationIssue } from '../errors.js';

export const OUTPUT_FORMATS = ['mp4', 'mov', 'webm', 'gif', 'png', 'jpg', 'm4a', 'mp3'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const RESOLUTION_TIERS = { '720p': 720, '1080p': 1080, '4k': 2160 } as const;
export type ResolutionTier = keyof typeof RESOLUTION_TIERS;

/** Video bitrate ladder in Mbit/s. */
export const VIDEO_BITRATES_MBPS = [5, 10, 20, 50] as const;
/** Audio bitrate ladder in kbit/s. */
export const AUDIO_BITRATES_KBPS = [128, 192, 256, 320] as const;
/** Auto audio bitrate. */
export const DEFAULT_AUDIO_BITRATE_KBPS = 192;

export interface OutputOptions {
  format?: OutputFormat;
  resolution?: ResolutionTier;
  /** Mbit/s from the ladder; absent = Auto (constant quality). */
  videoBitrate?: number;
  /** kbit/s from the ladder; absent = Auto. */
  audioBitrate?: number;
  /** Keep the alpha channel (webm: VP9 with alpha, mov: ProRes 4444). */
  transparent?: boolean;
  /** Still formats: the moment to render, in seconds. */
  timeSeconds?: number;
}

export type VideoCodec = 'h264' | 'vp9' | 'prores' | 'gif';
export type AudioCodec = 'aac' | 'opus' | 'mp3';

export type OutputSpec =
  | {
      kind: 'video';
      format: 'mp4' | 'mov' | 'webm' | 'gif';
      width: number;
      height: number;
      fps: number;
      videoCodec: VideoCodec;
      /** undefined: no sound stream (gif). */
      audioCodec?: AudioCodec;
      videoBitrateKbps?: number;
      audioBitrateKbps: number;
      transparent: boolean;
    }
  | { kind: 'still'; format: 'png' | 'jpg'; width: number; height: number; frameIndex: number; transparent: boolean }
  | { kind: 'audio'; format: 'm4a' | 'mp3'; audioCodec: AudioCodec; audioBitrateKbps: number };

/**
 * The frame shown at `timeSeconds`: frame n covers [n/fps, (n+1)/fps), so this is
 * floor(t × fps), clamped to the composition's frames.
 */
export function frameAtTime(comp: Pick<Composition, 'fps' | 'durationInFrames'>, timeSeconds: number): number {
  const n = Math.floor(timeSeconds * comp.fps + 1e-9);
  return Math.max(0, Math.min(comp.durationInFrames - 1, n));
}

/** The format named by a file's extension, if any. */
export function formatFromPath(file: string): OutputFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === 'jpeg') return 'jpg';
  return (OUTPUT_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as OutputFormat) : undefined;
}

/**
 * Encoded size for a tier: the shorter edge becomes the tier's, the longer follows the
 * aspect ratio; both rounded to even numbers (4:2:0 video needs them).
 */
export function tierSize(width: number, height: number, tier: ResolutionTier | undefined): { width: number; height: number } {
  const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);
  if (!tier) return { width, height };
  const scale = RESOLUTION_TIERS[tier] / Math.min(width, height);
  return { width: even(width * scale), height: even(height * scale) };
}

function issue(pointer: string, message: string): ValidationIssue {
  return { pointer, message };
}

/** Refuses output options (coded like an invalid composition: a 400/exit 2 with every issue). */
function invalidOptions(issues: ValidationIssue[]): FramesmithError {
  const list = issues.map((i) => `${i.pointer}: ${i.message}`).join('; ');
  return new FramesmithError('ERR_TIMELINE_INVALID', `invalid output options: ${list}`, { stage: 'validate', issues });
}

/** Resolves and checks output options against a composition. Throws ERR_TIMELINE_INVALID listing every problem. */
export function resolveOutputSpec(comp: Composition, options: OutputOptions): OutputSpec {
  const issues: ValidationIssue[] = [];
  const format = options.format ?? 'mp4';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    issues.push(issue('format', `must be one of ${OUTPUT_FORMATS.join(', ')}, got "${format}"`));
    throw invalidOptions(issues);
  }
  const audioOnly = format === 'm4a' || format === 'mp3';
  const still = format === 'png' || format === 'jpg';
  if (audioOnly && options.resolution) issues.push(issue('resolution', `does not apply to the audio format ${format}`));
  if ((audioOnly || still || format === 'gif') && options.videoBitrate !== undefined) {
    issues.push(issue('videoBitrate', `does not apply to the ${format} format`));
  }
  if ((still || format === 'gif') && options.audioBitrate !== undefined) issues.push(issue('audioBitrate', `does not apply to the ${format} format`));
  if (options.videoBitrate !== undefined && !(VIDEO_BITRATES_MBPS as readonly number[]).includes(options.videoBitrate)) {
    issues.push(issue('videoBitrate', `must be one of ${VIDEO_BITRATES_MBPS.join(', ')} (Mbit/s), got ${options.videoBitrate}`));
  }
  if (options.audioBitrate !== undefined && !(AUDIO_BITRATES_KBPS as readonly number[]).includes(options.audioBitrate)) {
    issues.push(issue('audioBitrate', `must be one of ${AUDIO_BITRATES_KBPS.join(', ')} (kbit/s), got ${options.audioBitrate}`));
  }
  if (options.resolution !== undefined && !(options.resolution in RESOLUTION_TIERS)) {
    issues.push(issue('resolution', `must be one of ${Object.keys(RESOLUTION_TIERS).join(', ')}, got "${options.resolution}"`));
  } else if (options.resolution && !audioOnly && RESOLUTION_TIERS[options.resolution] > Math.min(comp.width, comp.height)) {
    issues.push(issue('resolution', `${options.resolution} would upscale a ${comp.width}x${comp.height} composition (shorter edge ${Math.min(comp.width, comp.height)} px); renders never upscale`));
  }
  if (options.transparent && !(format === 'webm' || format === 'mov' || format === 'png')) {
    issues.push(issue('transparent', `${format} cannot carry transparency; use webm (VP9 with alpha), mov (ProRes 4444) or png`));
  }
  if (options.timeSeconds !== undefined && !still) issues.push(issue('time', `only applies to still formats (png, jpg)`));
  if (options.timeSeconds !== undefined && !(options.timeSeconds >= 0)) issues.push(issue('time', 'must be a number of seconds ≥ 0'));
  const size = tierSize(comp.width, comp.height, options.resolution);
  const subsampled = !still && !(format === 'mov' && options.transparent) && format !== 'gif';
  if (subsampled && !audioOnly && !options.resolution && (comp.width % 2 !== 0 || comp.height % 2 !== 0)) {
    const odd = comp.width % 2 !== 0 ? 'width' : 'height';
    const v = comp[odd];
    issues.push(issue(`/meta/${odd}`, `${format} video (4:2:0 chroma) needs an even ${odd}: use ${v - 1} or ${v + 1}, or choose a resolution tier`));
  }
  if (comp.durationInFrames <= 0 && !still) issues.push(issue('/tracks', 'the composition has no frames to render (its duration is 0)'));
  if (issues.length > 0) throw invalidOptions(issues);

  const audioBitrateKbps = options.audioBitrate ?? DEFAULT_AUDIO_BITRATE_KBPS;
  if (audioOnly) return { kind: 'audio', format, audioCodec: format === 'mp3' ? 'mp3' : 'aac', audioBitrateKbps };
  if (still) {
    return {
      kind: 'still', format, ...size, transparent: options.transparent ?? false,
      frameIndex: Math.max(0, frameAtTime(comp, options.timeSeconds ?? 0)),
    };
  }
  const transparent = options.transparent ?? false;
  const videoCodec: VideoCodec = format === 'webm' ? 'vp9' : format === 'gif' ? 'gif' : format === 'mov' && transparent ? 'prores' : 'h264';
  return {
    kind: 'video',
    format,
    ...size,
    fps: comp.fps,
    videoCodec,
    audioCodec: format === 'gif' ? undefined : format === 'webm' ? 'opus' : 'aac',
    videoBitrateKbps: options.videoBitrate === undefined ? undefined : options.videoBitrate * 1000,
    audioBitrateKbps,
    transparent,
  };
}
