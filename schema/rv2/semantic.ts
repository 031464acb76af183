/**
 * Checks that JSON Schema cannot express, run once a document has passed the schema:
 * asset references (§1.4), duplicate asset ids, resource limits, and warnings
 * (version other than 2.x, transition on audio, ducking targets naming no clip).
 */
import type { ValidationIssue } from '../../engine/errors.js';
import { limitMessage, type ResourceLimits } from '../limits.js';
import type { RvDocument, RvTemplateClip } from '../renderingvideo-v2.js';
import { templateDataIssues } from '../../engine/compile/expand-template.js';
import { escapePointerSegment } from './ajv-issues.js';
import { CSS_COLOUR_MESSAGE, isCssColour } from './colour.js';
import { canonicalKeyframeProperty, type KeyframePropertyName } from './enums.js';

type Pool = 'fonts' | 'images' | 'videos' | 'audios' | 'subtitles' | 'models' | 'svgs';
const POOLS: readonly Pool[] = ['fonts', 'images', 'videos', 'audios', 'subtitles', 'models', 'svgs'];

/** `$ref` pools by field (§1.4 recommendation); template data follows its fields (engine/compile/templates/fields.ts). */
const REF_POOLS = {
  'image.src': ['images'],
  'video.src': ['videos'],
  'audio.src': ['audios'],
  'svg.svg': ['svgs'],
  'svg.src': ['svgs', 'images'],
  'subtitle.words': ['subtitles'],
  'three.model': ['models'],
} as const satisfies Record<string, readonly Pool[]>;

type AssetEntry = Record<string, unknown> & { id: string };
/** A clip as the walker sees it (the schema has already checked its shape). */
type AnyClip = Record<string, unknown> & { type: string; start: number; duration: number };

export interface SemanticResult {
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

function isRef(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

/** Keyframe properties whose values are colours; every other property takes a number or `"N%"`. */
const COLOUR_KEYFRAME_PROPERTIES: ReadonlySet<string> = new Set(['fill', 'stroke']);
const PERCENT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)%$/;

/** What is wrong with a keyframe value for `property`, or undefined when it fits. */
function keyframeValueProblem(property: KeyframePropertyName, value: unknown): string | undefined {
  const canonical = canonicalKeyframeProperty(property);
  if (COLOUR_KEYFRAME_PROPERTIES.has(canonical)) {
    return typeof value === 'string' && isCssColour(value) ? undefined : `"${property}" keyframes ${CSS_COLOUR_MESSAGE}, got ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (typeof value === 'string' && PERCENT_RE.test(value)) return undefined;
  return `"${property}" keyframes must be a number or a percent string such as "50%", got ${JSON.stringify(value)}`;
}

function wordsLength(words: unknown): number {
  if (!Array.isArray(words)) return 0;
  return words.reduce((n: number, w: { punctuated_word?: string }) => n + (w.punctuated_word?.length ?? 0), 0);
}

/** One pass over a schema-valid document, collecting issues and totals. */
class DocumentChecker {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];
  private readonly pools = new Map<Pool, Map<string, AssetEntry>>();
  private readonly clipIds = new Set<string>();
  private readonly duckingTargets: Array<{ pointer: string; target: string }> = [];
  assetCount = 0;
  clipCount = 0;
  textLength = 0;
  private textReported = false;
  /** Latest end of a top-level clip, and that clip's pointer. */
  end = 0;
  endPointer = '';

  constructor(private readonly doc: RvDocument, private readonly limits: ResourceLimits) {}

  indexAssets(assets: Partial<Record<Pool, AssetEntry[]>>): void {
    for (const pool of POOLS) {
      const ids = new Map<string, AssetEntry>();
      const firstAt = new Map<string, number>();
      (assets[pool] ?? []).forEach((entry, i) => {
        this.assetCount++;
        const first = firstAt.get(entry.id);
        if (first === undefined) {
          firstAt.set(entry.id, i);
          ids.set(entry.id, entry);
        } else {
          this.errors.push({
            pointer: `/assets/${pool}/${i}/id`,
            message: `duplicate id "${entry.id}" in assets.${pool} (first used at /assets/${pool}/${first}/id)`,
          });
        }
      });
      this.pools.set(pool, ids);
    }
    (assets.subtitles ?? []).forEach((entry, i) => {
      this.checkWordTimes(entry.words, `/assets/subtitles/${i}/words`);
      this.addText(wordsLength(entry.words), `/assets/subtitles/${i}/words`);
    });
  }

  /** Checks `value` if it is a `{$ref}`: the id must exist in one of `pools` (searched in order). */
  private expectRef(value: unknown, pointer: string, pools: readonly Pool[], needsMarkup = false): void {
    if (!isRef(value)) return;
    const id = value.$ref;
    for (const pool of pools) {
      const entry = this.pools.get(pool)?.get(id);
      if (!entry) continue;
      if (needsMarkup && typeof entry.svg !== 'string') {
        this.errors.push({
          pointer: `${pointer}/$ref`,
          message: `assets.svgs entry "${id}" has no inline "svg" markup; reference it from "src" instead`,
        });
      }
      return;
    }
    const where = pools.map((p) => `assets.${p}`).join(' or ');
    this.errors.push({ pointer: `${pointer}/$ref`, message: `no asset with id "${id}" in ${where}` });
  }

  private addText(count: number, pointer: string): void {
    this.textLength += count;
    if (!this.textReported && this.textLength > this.limits.maxTextLength) {
      this.textReported = true;
      this.errors.push({
        pointer,
        message: limitMessage('total text length', this.textLength, 'maxTextLength', this.limits.maxTextLength),
      });
    }
  }

  visitClip(clip: AnyClip, pointer: string, topLevel: boolean): void {
    this.clipCount++;
    if (typeof clip.id === 'string') this.clipIds.add(clip.id);
    this.visitTypeFields(clip, pointer);
    this.checkKeyframes(clip.keyframes, pointer);
    const source = clip.source as { start?: number; end?: number } | undefined;
    if (source?.end !== undefined && source.end <= (source.start ?? 0)) {
      this.errors.push({ pointer: `${pointer}/source/end`, message: `must be greater than source.start (${source.start ?? 0})` });
    }
    if (topLevel && clip.start + clip.duration > this.end) {
      this.end = clip.start + clip.duration;
      this.endPointer = pointer;
    }
  }

  /** A word must not end before it starts (as fetched `{src}` words, template words and Framelane words). */
  private checkWordTimes(words: unknown, pointer: string): void {
    if (!Array.isArray(words)) return;
    (words as Array<{ start: number; end: number }>).forEach((word, i) => {
      if (word.end < word.start) this.errors.push({ pointer: `${pointer}/${i}/end`, message: `must not be before start (${word.start})` });
    });
  }

  /** Each keyframe value must fit its property (the schema lets any value through). */
  private checkKeyframes(keyframes: unknown, pointer: string): void {
    if (!Array.isArray(keyframes)) return;
    (keyframes as Array<{ property: KeyframePropertyName; frames: Array<{ value: unknown }> }>).forEach((track, i) => {
      track.frames.forEach((frame, j) => {
        const problem = keyframeValueProblem(track.property, frame.value);
        if (problem) this.errors.push({ pointer: `${pointer}/keyframes/${i}/frames/${j}/value`, message: problem });
      });
    });
  }

  private visitTypeFields(clip: AnyClip, pointer: string): void {
    switch (clip.type) {
      case 'image':
      case 'video':
        this.expectRef(clip.src, `${pointer}/src`, REF_POOLS[`${clip.type}.src`]);
        break;
      case 'audio': {
        this.expectRef(clip.src, `${pointer}/src`, REF_POOLS['audio.src']);
        if (clip.transition !== undefined) {
          this.warnings.push({ pointer: `${pointer}/transition`, message: 'transition is ignored on audio clips' });
        }
        const targets = (clip.ducking as { targets: string[] } | undefined)?.targets ?? [];
        targets.forEach((target, i) => this.duckingTargets.push({ pointer: `${pointer}/ducking/targets/${i}`, target }));
        break;
      }
      case 'svg':
        this.expectRef(clip.svg, `${pointer}/svg`, REF_POOLS['svg.svg'], true);
        this.expectRef(clip.src, `${pointer}/src`, REF_POOLS['svg.src']);
        break;
      case 'subtitle':
        this.expectRef(clip.words, `${pointer}/words`, REF_POOLS['subtitle.words']);
        this.checkWordTimes(clip.words, `${pointer}/words`);
        this.addText(wordsLength(clip.words), `${pointer}/words`);
        break;
      case 'three':
        ((clip.objects as Array<{ model?: unknown }> | undefined) ?? []).forEach((object, i) =>
          this.expectRef(object.model, `${pointer}/objects/${i}/model`, REF_POOLS['three.model']));
        break;
      case 'template':
        // The compiler's own checks (field types, required fields, `$ref` pools), so that
        // validation and rendering accept the same template data (docs/templates.md).
        this.errors.push(...templateDataIssues(clip as unknown as RvTemplateClip, pointer, this.doc));
        break;
      case 'text':
        this.addText((clip.text as string).length, `${pointer}/text`);
        break;
      case 'code':
        this.addText((clip.code as string).length, `${pointer}/code`);
        break;
      case 'layout':
        (clip.children as AnyClip[]).forEach((child, i) => this.visitClip(child, `${pointer}/children/${i}`, false));
        break;
    }
  }

  /** Warnings that need every clip id first. */
  finishDucking(): void {
    for (const { pointer, target } of this.duckingTargets) {
      if (!this.clipIds.has(target)) this.warnings.push({ pointer, message: `no clip has id "${target}"` });
    }
  }
}

function checkMetaAndTotals(doc: RvDocument, checker: DocumentChecker, limits: ResourceLimits): void {
  const { meta } = doc;
  const { errors, warnings } = checker;
  if (!meta.version.startsWith('2.')) {
    warnings.push({ pointer: '/meta/version', message: `version ${JSON.stringify(meta.version)} is not 2.x; validated as 2.0.0` });
  }
  const canvas: Array<['width' | 'height' | 'fps', 'maxWidth' | 'maxHeight' | 'maxFps']> = [
    ['width', 'maxWidth'], ['height', 'maxHeight'], ['fps', 'maxFps'],
  ];
  for (const [field, key] of canvas) {
    if (meta[field] > limits[key]) {
      errors.push({ pointer: `/meta/${field}`, message: limitMessage(field, meta[field], key, limits[key]) });
    }
  }
  const durationPointer = `${checker.endPointer}/duration`;
  if (checker.end > limits.maxDurationSeconds) {
    errors.push({
      pointer: durationPointer,
      message: limitMessage('composition duration (s)', checker.end, 'maxDurationSeconds', limits.maxDurationSeconds),
    });
  }
  const frames = Math.round(checker.end * meta.fps);
  if (frames > limits.maxFrames) {
    errors.push({ pointer: durationPointer, message: limitMessage('frame count', frames, 'maxFrames', limits.maxFrames) });
  }
  if (checker.assetCount > limits.maxAssets) {
    errors.push({ pointer: '/assets', message: limitMessage('asset count', checker.assetCount, 'maxAssets', limits.maxAssets) });
  }
  if (checker.clipCount > limits.maxClips) {
    errors.push({ pointer: '/tracks', message: limitMessage('clip count', checker.clipCount, 'maxClips', limits.maxClips) });
  }
}

/** Runs every semantic check on a schema-valid document. */
export function checkSemantics(doc: RvDocument, limits: ResourceLimits): SemanticResult {
  const checker = new DocumentChecker(doc, limits);
  checker.indexAssets((doc.assets ?? {}) as Partial<Record<Pool, AssetEntry[]>>);
  doc.tracks.forEach((track, t) =>
    (track.clips as AnyClip[]).forEach((clip, c) => checker.visitClip(clip, `/tracks/${t}/clips/${c}`, true)));
  checker.finishDucking();
  checkMetaAndTotals(doc, checker, limits);
  return { errors: checker.errors, warnings: checker.warnings };
}
