/**
 * Expands a `template` clip into ordinary RenderingVideo clips (docs/templates.md).
 *
 * Order (digest §4.15): parameters merge defaults → variant defaults → `data` →
 * `overrides.data`; the template emits clips (times relative to its start); then
 * `overrides.style` is merged into every generated non-audio clip (layout children included),
 * `overrides.transition` is set on generated top-level non-audio clips that have none, and the
 * template clip's `zIndex` plus `overrides.zIndexOffset` is added to every generated clip's
 * `zIndex`. Generated clips are cut to the template's window.
 */
import type { RvClip, RvDocument, RvTemplateClip } from '../../schema/renderingvideo-v2.js';
import { invalidTimelineError, type ValidationIssue } from '../errors.js';
import { checkFields, mergeParams, type AssetIds, type FieldContext } from './templates/fields.js';
import { Params, r2, type GenClip, type TemplateDefinition, type TemplateEnv } from './templates/kit.js';
import { TEMPLATES } from './templates/index.js';

export interface ExpandEnv {
  doc: RvDocument;
  /** Canvas (or design) size the template is laid out for. */
  width: number;
  height: number;
  /** Window of the generated clips, seconds on the timeline. */
  start: number;
  duration: number;
  /** True for a template inside a layout: its `transform` sizes it and is not reported. */
  nested?: boolean;
}

export interface ExpandedPart {
  /** `…/template/<part>`: unique per generated clip, used in messages. */
  pointer: string;
  clip: RvClip;
}

export interface ExpandedTemplate {
  parts: ExpandedPart[];
  warnings: string[];
}

const POOLS = ['fonts', 'images', 'videos', 'audios', 'subtitles', 'models', 'svgs'] as const;

function assetIds(doc: RvDocument): AssetIds {
  const ids = (pool: (typeof POOLS)[number]) => new Set((doc.assets?.[pool] ?? []).map((a) => a.id));
  return { images: ids('images'), videos: ids('videos'), subtitles: ids('subtitles'), any: new Set(POOLS.flatMap((pool) => [...ids(pool)])) };
}

/** Fields of the template clip itself that generated clips do not inherit (digest §4.15). */
const NOT_INHERITED = ['transform', 'animations', 'keyframes', 'transition', 'style', 'opacity'] as const;

function mergeStyle(clip: GenClip, style: Record<string, unknown>): void {
  if (clip.type === 'audio') return;
  clip.style = { ...((clip.style as Record<string, unknown> | undefined) ?? {}), ...style };
  if (clip.type === 'layout') for (const child of clip.children as GenClip[]) mergeStyle(child, style);
}

interface CheckedParams {
  definition: TemplateDefinition;
  variant: string;
  merged: Record<string, unknown>;
  issues: ValidationIssue[];
  warnings: string[];
}

/** Checks a template clip's `data` and `overrides.data` and merges its parameters (no clips built). */
function checkParams(clip: RvTemplateClip, pointer: string, doc: RvDocument, nested: boolean): CheckedParams | ValidationIssue[] {
  const definition = TEMPLATES[clip.template];
  if (!definition) return [{ pointer: `${pointer}/template`, message: `unknown template "${String(clip.template)}"` }];
  const warnings: string[] = [];
  const issues: ValidationIssue[] = [];
  let variant = clip.variant ?? 'default';
  if (!Object.hasOwn(definition.variants, variant)) {
    warnings.push(
      `${pointer}/variant: template "${definition.name}" has no variant "${variant}" (known: ${Object.keys(definition.variants).join(', ')}); using "default"`,
    );
    variant = 'default';
  }
  if (!nested) {
    for (const key of NOT_INHERITED) {
      if (clip[key] !== undefined) {
        warnings.push(`${pointer}/${key}: a template clip's ${key} is not applied to the clips it generates (use overrides)`);
      }
    }
  }

  const ctx: FieldContext = { assets: assetIds(doc), owner: `template "${definition.name}"`, issues, warnings };
  const data = clip.data ?? {};
  const overrideData = clip.overrides?.data;
  checkFields(definition.fields, data, `${pointer}/data`, ctx);
  if (overrideData) checkFields(definition.fields, overrideData, `${pointer}/overrides/data`, ctx);
  const merged = mergeParams(definition.fields, [definition.defaults, definition.variants[variant], data, overrideData]);
  for (const key of definition.required ?? []) {
    if (merged[key] === undefined) issues.push({ pointer: `${pointer}/data/${key}`, message: `template "${definition.name}" needs "${key}"` });
  }
  return { definition, variant, merged, issues, warnings };
}

/**
 * What is wrong with a template clip's data (types, required fields, `$ref`s), as issues; the
 * same checks {@link expandTemplate} makes, so validation and rendering accept the same documents.
 */
export function templateDataIssues(clip: RvTemplateClip, pointer: string, doc: RvDocument): ValidationIssue[] {
  const checked = checkParams(clip, pointer, doc, true);
  return Array.isArray(checked) ? checked : checked.issues;
}

/**
 * The clips a template clip stands for, or an invalid-composition error listing every bad
 * data value with its pointer.
 */
export function expandTemplate(clip: RvTemplateClip, pointer: string, env: ExpandEnv): ExpandedTemplate {
  const checked = checkParams(clip, pointer, env.doc, env.nested ?? false);
  if (Array.isArray(checked)) throw invalidTimelineError(checked);
  const { definition, variant, merged, issues, warnings } = checked;
  if (issues.length > 0) throw invalidTimelineError(issues);
  const overrideData = clip.overrides?.data;

  const unit = Math.min(env.width, env.height) / 100;
  const templateEnv: TemplateEnv = {
    width: env.width,
    height: env.height,
    duration: env.duration,
    variant,
    vmin: (n) => r2(n * unit),
    vw: (n) => r2((n * env.width) / 100),
    vh: (n) => r2((n * env.height) / 100),
    pointerOf: (path) => {
      const top = path.split('/')[0]!;
      const inOverrides = overrideData !== undefined && Object.hasOwn(overrideData, top);
      return `${pointer}/${inOverrides ? 'overrides/data' : 'data'}/${path}`;
    },
  };
  const generated = definition.build(new Params(merged), templateEnv);

  const overrides = clip.overrides;
  const zBase = (clip.zIndex ?? 0) + (overrides?.zIndexOffset ?? 0);
  const end = env.start + env.duration;
  const seen = new Set<string>();
  const parts: ExpandedPart[] = [];
  for (const { part, clip: gen } of generated) {
    if (seen.has(part)) throw new Error(`template ${definition.name}: duplicate part name "${part}"`);
    seen.add(part);
    const start = Math.max(env.start, env.start + gen.start);
    const stop = Math.min(end, env.start + gen.start + gen.duration);
    if (stop - start <= 1e-9) continue;
    gen.start = start;
    gen.duration = stop - start;
    if (overrides?.style) mergeStyle(gen, overrides.style as Record<string, unknown>);
    if (overrides?.transition && gen.type !== 'audio' && gen.transition === undefined) gen.transition = { ...overrides.transition };
    gen.zIndex = ((gen.zIndex as number | undefined) ?? 0) + zBase;
    parts.push({ pointer: `${pointer}/template/${part}`, clip: gen as unknown as RvClip });
  }
  return { parts, warnings };
}
