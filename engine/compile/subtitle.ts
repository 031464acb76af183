/**
 * RenderingVideo `subtitle` words and config → the neutral {@link CaptionStyle} and {@link TimedWord}s.
 * Defaults follow the digest's table (§4.14); see docs/decisions.md, row 13.
 */
import type { RvSubtitleConfig, RvSubtitleWord } from '../../schema/renderingvideo-v2.js';
import type { CaptionStyle, Length, TimedWord } from '../model/composition.js';
import { FramesmithError } from '../errors.js';

/**
 * Defaults of `subtitle.config` (digest §4.14, legacy page), in px for a 1080p-sized canvas.
 * `fontFamily` is the legacy "Arial" followed by `sans-serif`, so a document that ships Arial in
 * `assets.fonts` gets it and every other render draws the bundled sans-serif without a warning.
 */
export const SUBTITLE_DEFAULTS = {
  mode: 'batch',
  wordsPerBatch: 4,
  fontSize: 80,
  fontFamily: 'Arial, sans-serif',
  fontWeight: '800',
  textAlign: 'center',
  textBoxWidth: '70%',
  textColor: '#ffffff',
  highlightColor: '#00ffff',
  shadowColor: '#000000',
  shadowBlur: 30,
  borderWidth: 2,
  fadeInAnimation: true,
  position: 'bottom',
  paddingBottom: 150,
} as const;

function lengthOf(value: number | string): Length {
  return typeof value === 'number' ? { px: value } : { fraction: Number.parseFloat(value) / 100 };
}

/**
 * The neutral caption style of a subtitle `config` (absent fields take the defaults).
 * `styleFamily` (the clip's `style.fontFamily`) is used when the config names no family.
 */
export function captionStyleOf(config: RvSubtitleConfig | undefined, styleFamily?: string): CaptionStyle {
  const c = config ?? {};
  const d = SUBTITLE_DEFAULTS;
  return {
    mode: c.mode ?? d.mode,
    wordsPerGroup: c.wordsPerBatch ?? d.wordsPerBatch,
    fontSize: c.fontSize ?? d.fontSize,
    fontFamily: c.fontFamily ?? styleFamily ?? d.fontFamily,
    fontWeight: String(c.fontWeight ?? d.fontWeight),
    textAlign: c.textAlign ?? d.textAlign,
    boxWidth: lengthOf(c.textBoxWidth ?? d.textBoxWidth),
    textColor: c.textColor ?? d.textColor,
    highlightColor: c.highlightColor ?? d.highlightColor,
    highlightBackground: c.backgroundColor,
    shadowColor: c.shadowColor ?? d.shadowColor,
    shadowBlur: c.shadowBlur ?? d.shadowBlur,
    outlineColor: c.borderColor,
    // A border colour without a width draws a 2 px outline; a width without a colour draws nothing.
    outlineWidth: c.borderColor ? (c.borderWidth ?? d.borderWidth) : 0,
    fadeIn: c.fadeInAnimation ?? d.fadeInAnimation,
    position: c.position ?? d.position,
    edgeDistance: c.paddingBottom ?? d.paddingBottom,
  };
}

/**
 * Validated words, sorted by start time (stable), with the punctuated form as the text shown.
 * Every input path rejects a word that ends before it starts; the `Math.max` only guards callers that skip validation.
 */
export function timedWordsOf(words: readonly RvSubtitleWord[]): TimedWord[] {
  return words
    .map((w, i) => ({ text: w.punctuated_word || w.word, startSeconds: w.start, endSeconds: Math.max(w.start, w.end), i }))
    .sort((a, b) => a.startSeconds - b.startSeconds || a.i - b.i)
    .map(({ text, startSeconds, endSeconds }) => ({ text, startSeconds, endSeconds }));
}

/** Problems of one word object in a JSON payload, as messages (empty when fine). */
export function wordProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be an object {word, punctuated_word, start, end}'];
  const w = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof w.word !== 'string') problems.push('"word" must be a string');
  if (w.punctuated_word !== undefined && typeof w.punctuated_word !== 'string') problems.push('"punctuated_word" must be a string');
  for (const key of ['start', 'end'] as const) {
    if (typeof w[key] !== 'number' || !Number.isFinite(w[key]) || (w[key] as number) < 0) problems.push(`"${key}" must be a number ≥ 0 (seconds)`);
  }
  if (problems.length === 0 && (w.end as number) < (w.start as number)) problems.push('"end" must not be before "start"');
  if (w.confidence !== undefined && (typeof w.confidence !== 'number' || w.confidence < 0 || w.confidence > 1)) {
    problems.push('"confidence" must be a number from 0 to 1');
  }
  return problems;
}

/**
 * Parses the JSON a `{src}` subtitle points at: `SubtitleWord[]` or `{ words: SubtitleWord[] }`.
 * `punctuated_word` may be missing (the raw `word` is shown then).
 * @throws FramesmithError ERR_ASSET_UNREADABLE naming `pointer` and the first bad word.
 */
export function parseSubtitleJson(text: string, pointer: string, uri: string): TimedWord[] {
  const fail = (why: string) =>
    new FramesmithError('ERR_ASSET_UNREADABLE', `${pointer}: "${uri}" ${why}`, { stage: 'fetch', details: { pointer, uri } });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw fail('is not JSON (expected a list of subtitle words or {"words": [...]})');
  }
  const list = Array.isArray(data) ? data
    : typeof data === 'object' && data !== null && Array.isArray((data as { words?: unknown }).words) ? (data as { words: unknown[] }).words
    : undefined;
  if (!list) throw fail('must hold a list of subtitle words or {"words": [...]}');
  list.forEach((item, i) => {
    const problems = wordProblems(item);
    if (problems.length > 0) throw fail(`word ${i}: ${problems.join('; ')}`);
  });
  return timedWordsOf(list as RvSubtitleWord[]);
}
