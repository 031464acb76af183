/**
 * The player document's shape, shared by the server (player-document.ts) and the browser
 * player (player/). Browser-safe.
 */
import type { Composition } from '../model/composition.js';
import type { AudioMixClip, AudioSourceFacts } from '../media/gain-model.js';

export const PLAYER_FORMAT = 'framesmith-player/1';

/** A picture layer: an image file by media index, or SVG markup (vectors, icons). */
export type PlayerPicture = { media: number } | { svg: string };

/**
 * A sound as the browser plays it: the mix clip, its file named by media index, and (when the
 * mix ducks, where it matters) what ffprobe says about the file.
 */
export type PlayerSound = Omit<AudioMixClip, 'file'> & { media: number; facts?: AudioSourceFacts };

/** The document the player reads (after {@link decodeModel}). */
export interface PlayerDocument {
  format: typeof PLAYER_FORMAT;
  title?: string;
  composition: Composition;
  /** URL of each media index. */
  media: string[];
  pictures: Record<string, PlayerPicture>;
  videos: Record<string, { media: number }>;
  sounds: PlayerSound[];
  fonts: Array<{ family: string; url: string; weight?: string; style?: string }>;
  warnings: string[];
}

