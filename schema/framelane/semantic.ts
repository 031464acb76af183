/**
 * Checks of a schema-valid Framelane body that JSON Schema cannot express (digest §2–§5, §9;
 * decisions in docs/framelane.md): paired fields, alpha and format, media windows, source URLs,
 * text exclusivity, word timing, motion availability, transition references and windows,
 * resource limits (schema/limits.ts), and warnings.
 */
import { limitMessage, type ResourceLimits } from '../limits.js';
import type { FlBody, FlElement, FlMotion, FlTextElement, FlVisualElement } from './body.js';
import { FL_ALPHA_FORMATS, FL_MOTION_AVAILABILITY } from './enums.js';
import { classifySource, lutFormatError, videoFormatError } from './sources.js';
import { compositionSeconds, elementEndSeconds, FL_DEFAULT_FPS, FL_DEFAULT_SIZE, transitionWindowSeconds } from './timing.js';
import type { FramelaneIssue } from './issues.js';

export interface FramelaneSemanticOptions {
  limits: ResourceLimits;
  /** Accept local file paths (and `file:` URLs) in URL fields. */
  localFiles: boolean;
}

export interface FramelaneSemanticResult {
  errors: FramelaneIssue[];
  warnings: FramelaneIssue[];
}

const EPSILON = 1e-9;

class BodyChecker {
  readonly errors: FramelaneIssue[] = [];
  readonly warnings: FramelaneIssue[] = [];
  private textLength = 0;
  private readonly sources = new Set<string>();

  constructor(private readonly body: FlBody, private readonly options: FramelaneSemanticOptions) {}

  error(pointer: string, message: string, type: FramelaneIssue['type'] = 'value_error'): void {
    this.errors.push({ pointer, message, type });
  }

  warn(pointer: string, message: string): void {
    this.warnings.push({ pointer, message, type: 'value_error' });
  }

  source(value: string, pointer: string): void {
    this.sources.add(value);
    const kind = classifySource(value, this.options.localFiles);
    if ('error' in kind) this.error(pointer, kind.error);
  }

  topLevel(): void {
    const b = this.body;
    if ((b.width === undefined) !== (b.height === undefined)) {
      const missing = b.width === undefined ? 'width' : 'height';
      this.error(`/${missing}`, `must be given together with ${missing === 'width' ? 'height' : 'width'} (or leave both out)`, 'missing');
    }
    const format = b.output_format ?? 'mp4';
    if (b.alpha === true && !FL_ALPHA_FORMATS.includes(format)) {
      this.error('/alpha', `alpha needs output_format "webm" or "mov", the format is "${format}"${b.output_format === undefined ? ' (the default)' : ''}`);
    }
    if (b.background_image_url !== undefined) this.source(b.background_image_url, '/background_image_url');
  }

  element(element: FlElement, i: number, duration: number): void {
    const at = `/elements/${i}`;
    if (element.type === 'video' || element.type === 'audio') {
      if (element.out_point !== undefined && element.out_point <= (element.in_point ?? 0) + EPSILON) {
        this.error(`${at}/out_point`, `must be greater than in_point (${element.in_point ?? 0})`);
      }
      this.source(element.source_url, `${at}/source_url`);
      if (element.type === 'video') {
        const bad = videoFormatError(element.source_url);
        if (bad) this.error(`${at}/source_url`, bad);
      }
    } else if (element.type === 'image') {
      this.source(element.source_url, `${at}/source_url`);
    }
    if (element.type !== 'audio') this.visual(element, at);
    if (element.type === 'text') this.text(element, at);
    if ((element.time ?? 0) >= duration - EPSILON) {
      this.warn(`${at}/time`, `starts at ${element.time ?? 0} s, at or after the composition's end (${duration} s): it is never shown`);
    }
  }

  private visual(element: FlVisualElement, at: string): void {
    if (element.type !== 'text') {
      if ((element.crop_left ?? 0) + (element.crop_right ?? 0) >= 1) this.error(`${at}/crop_right`, 'crop_left + crop_right must be less than 1');
      if ((element.crop_top ?? 0) + (element.crop_bottom ?? 0) >= 1) this.error(`${at}/crop_bottom`, 'crop_top + crop_bottom must be less than 1');
      if (element.lut_url !== undefined) {
        this.source(element.lut_url, `${at}/lut_url`);
        const bad = lutFormatError(element.lut_url);
        if (bad) this.error(`${at}/lut_url`, bad);
      }
      (element.effects ?? []).forEach((effect, k) => {
        if (effect.chroma_settings !== undefined && effect.type !== 'chroma_key') {
          this.error(`${at}/effects/${k}/chroma_settings`, `only applies to "chroma_key", not "${effect.type}"`);
        }
      });
    }
    if (element.aspect_ratio !== undefined && element.width !== undefined && element.height !== undefined) {
      this.warn(`${at}/aspect_ratio`, 'is ignored when both width and height are given');
    }
    const start = element.time ?? 0;
    const end = elementEndSeconds(element);
    (element.motion ?? []).forEach((motion, k) => this.motion(motion, `${at}/motion/${k}`, element.type, start, end));
  }

  private motion(motion: FlMotion, at: string, type: string, start: number, end: number | undefined): void {
    const available = FL_MOTION_AVAILABILITY[motion.type];
    const character = motion.scope === 'character';
    if (character && type !== 'text') {
      this.error(`${at}/scope`, `"character" scope applies to text elements only, not ${type}`);
      return;
    }
    const exit = available.forceExit === true || motion.reversed === true;
    const ok = character ? (exit ? available.characterExit : available.characterEntrance) : exit ? available.exit : available.entrance;
    if (!ok) {
      const variant = `${character ? 'per-character ' : ''}${exit ? 'exit (reversed: true)' : 'entrance (reversed: false)'}`;
      const pointer = motion.reversed !== undefined ? `${at}/reversed` : character ? `${at}/scope` : `${at}/type`;
      this.error(pointer, `motion "${motion.type}" has no ${variant} variant`);
    }
    if (motion.loop === true && !motion.type.startsWith('loop_')) {
      this.warn(`${at}/loop`, `has no effect on "${motion.type}": only the loop_* presets repeat`);
    }
    if (motion.time + EPSILON < start || (end !== undefined && motion.time + (motion.delay ?? 0) + motion.duration > end + EPSILON)) {
      this.warn(`${at}/time`, `runs ${motion.time}–${motion.time + (motion.delay ?? 0) + motion.duration} s, outside the element's window (${start}–${end ?? 'end'} s); it is cut to the window`);
    }
  }

  private text(element: FlTextElement, at: string): void {
    this.textLength += element.text.length;
    const flags = (['background', 'stroke', 'shadow'] as const).filter((f) => element[f] === true);
    if (flags.length > 1) {
      this.error(`${at}/${flags[1]}`, `at most one of background, stroke and shadow may be true (${flags.join(' and ')} are)`);
    }
    if (element.animation_preset !== undefined) {
      this.errors.push({
        pointer: `${at}/animation_preset`,
        message: 'animation_preset is not supported (it is undocumented); use motion[] presets',
        type: 'unsupported',
      });
    }
    const words = element.word_animation?.words ?? [];
    const start = element.time ?? 0;
    const end = start + element.duration;
    words.forEach((word, k) => {
      this.textLength += word.text.length;
      if (word.end < word.start) this.error(`${at}/word_animation/words/${k}/end`, `must not be before start (${word.start})`);
      else if (word.start + EPSILON < start || word.end > end + EPSILON) {
        this.warn(`${at}/word_animation/words/${k}`, `is timed ${word.start}–${word.end} s, outside the text's window (${start}–${end} s)`);
      }
    });
    if (words.length > 0) {
      const tokens = element.text.split(/\s+/).filter((w) => w.length > 0).length;
      if (tokens !== words.length) {
        this.warn(`${at}/word_animation/words`, `has ${words.length} words, the text has ${tokens}; they are paired in order`);
      }
    }
  }

  transitions(duration: number): void {
    const elements = this.body.elements ?? [];
    const byId = new Map<string, number[]>();
    elements.forEach((element, i) => {
      if (element.id) byId.set(element.id, [...(byId.get(element.id) ?? []), i]);
    });
    const windows = new Map<number, Array<{ start: number; end: number; pointer: string }>>();
    (this.body.transitions ?? []).forEach((transition, k) => {
      const at = `/transitions/${k}`;
      if (transition.type === 'fade') this.warn(`${at}/type`, '"fade" is not a transition type; it is read as "cross_dissolve"');
      if (transition.z_index !== undefined) {
        this.errors.push({
          pointer: `${at}/z_index`,
          message: 'is not supported (its meaning is undocumented): both elements keep their own stacking; leave it out',
          type: 'unsupported',
        });
      }
      if (transition.from_id === transition.to_id) {
        this.error(`${at}/to_id`, `must name another element than from_id ("${transition.from_id}")`);
        return;
      }
      const resolve = (field: 'from_id' | 'to_id'): number | undefined => {
        const id = transition[field];
        const found = byId.get(id) ?? [];
        if (found.length === 0) this.error(`${at}/${field}`, `no element has id "${id}"`);
        else if (found.length > 1) this.error(`${at}/${field}`, `id "${id}" is ambiguous: elements ${found.join(', ')} share it`);
        else {
          const element = elements[found[0]!]!;
          if (element.type === 'audio') this.error(`${at}/${field}`, `"${id}" is an audio element; transitions join video, image and text elements`);
          else if (element.visible === false) this.error(`${at}/${field}`, `"${id}" is not visible (visible: false)`);
          else return found[0];
        }
        return undefined;
      };
      const from = resolve('from_id');
      const to = resolve('to_id');
      if (from === undefined || to === undefined) return;
      const a = elements[from]!;
      const b = elements[to]!;
      const w = transitionWindowSeconds(transition, b);
      if ((a.time ?? 0) > w.start + EPSILON) {
        this.error(`${at}/from_id`, `"${transition.from_id}" starts at ${a.time ?? 0} s, after "${transition.to_id}" (${w.start} s); the outgoing element must be on screen when the incoming one starts`);
      }
      const aEnd = elementEndSeconds(a) ?? duration;
      const bEnd = elementEndSeconds(b) ?? duration;
      if (aEnd + EPSILON < w.end) {
        this.error(`${at}/duration`, `the transition runs ${w.start}–${w.end} s, but "${transition.from_id}" ends at ${aEnd} s: both elements must be on screen for the whole transition`);
      } else if (bEnd + EPSILON < w.end) {
        this.error(`${at}/duration`, `the transition runs ${w.start}–${w.end} s, but "${transition.to_id}" ends at ${bEnd} s`);
      }
      for (const index of [from, to]) {
        for (const other of windows.get(index) ?? []) {
          if (w.start < other.end - EPSILON && other.start < w.end - EPSILON) {
            this.error(at, `overlaps ${other.pointer} on element ${index} ("${elements[index]!.id}"): an element takes part in one transition at a time`);
          }
        }
        windows.set(index, [...(windows.get(index) ?? []), { ...w, pointer: at }]);
      }
    });
  }

  limits(duration: number): void {
    const { limits } = this.options;
    const b = this.body;
    // Absent fields take the compiler's defaults, and the limits apply to those as well.
    const defaulted = (given: number | undefined) => (given === undefined ? ' (the default; set it smaller)' : '');
    const width = b.width ?? FL_DEFAULT_SIZE.width;
    const height = b.height ?? FL_DEFAULT_SIZE.height;
    if (width > limits.maxWidth) this.error('/width', limitMessage('width', width, 'maxWidth', limits.maxWidth) + defaulted(b.width));
    if (height > limits.maxHeight) this.error('/height', limitMessage('height', height, 'maxHeight', limits.maxHeight) + defaulted(b.height));
    const fps = b.frame_rate ?? FL_DEFAULT_FPS;
    if (fps > limits.maxFps) this.error('/frame_rate', limitMessage('frame_rate', fps, 'maxFps', limits.maxFps) + defaulted(b.frame_rate));
    const durationPointer = b.duration !== undefined ? '/duration' : '/elements';
    if (duration > limits.maxDurationSeconds) {
      this.error(durationPointer, limitMessage('composition duration (s)', duration, 'maxDurationSeconds', limits.maxDurationSeconds));
    }
    const frames = Math.round(duration * fps);
    if (frames > limits.maxFrames) this.error(durationPointer, limitMessage('frame count', frames, 'maxFrames', limits.maxFrames));
    const count = (b.elements ?? []).length;
    if (count > limits.maxClips) this.error('/elements', limitMessage('element count', count, 'maxClips', limits.maxClips));
    if (this.textLength > limits.maxTextLength) {
      this.error('/elements', limitMessage('total text length', this.textLength, 'maxTextLength', limits.maxTextLength));
    }
    if (this.sources.size > limits.maxAssets) {
      this.error('/elements', limitMessage('distinct media URL count', this.sources.size, 'maxAssets', limits.maxAssets));
    }
  }
}

/** Runs every semantic check on a schema-valid body. */
export function checkFramelaneSemantics(body: FlBody, options: FramelaneSemanticOptions): FramelaneSemanticResult {
  const checker = new BodyChecker(body, options);
  const duration = compositionSeconds(body);
  checker.topLevel();
  (body.elements ?? []).forEach((element, i) => checker.element(element, i, duration));
  checker.transitions(duration);
  checker.limits(duration);
  return { errors: checker.errors, warnings: checker.warnings };
}
