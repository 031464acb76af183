/**
 * Timing rules of a Framelane body that both the validator (limits) and the compiler need
 * (digest §2 "duration derivation", §3.8, §4; decisions in docs/framelane.md).
 */
import type { FlBody, FlElement, FlTransition } from './body.js';

/** Canvas size when the body gives neither width nor height (§2); the validator's limits apply to it too. */
export const FL_DEFAULT_SIZE = { width: 1920, height: 1080 } as const;
/** Frame rate when `frame_rate` is absent (§2). */
export const FL_DEFAULT_FPS = 30;

/** Composition length when `duration` is absent and no element has a known end (§2). */
export const FALLBACK_DURATION_SECONDS = 10;

/** Seconds the element plays on the timeline, when known: text/image `duration`, media `(out − in) / speed`. */
export function elementLengthSeconds(element: FlElement): number | undefined {
  if (element.type === 'text' || element.type === 'image') return element.duration;
  if (element.out_point === undefined) return undefined;
  return (element.out_point - (element.in_point ?? 0)) / (element.speed ?? 1);
}

/** `time + length`, or undefined for media without `out_point` (they play until the composition ends). */
export function elementEndSeconds(element: FlElement): number | undefined {
  const length = elementLengthSeconds(element);
  return length === undefined ? undefined : (element.time ?? 0) + length;
}

/**
 * The composition length: `duration`, else the latest known element end, else 10 s (§2).
 * Invisible elements count too, as in the reference translator, which derives before filtering.
 */
export function compositionSeconds(body: FlBody): number {
  if (body.duration !== undefined) return body.duration;
  let end: number | undefined;
  for (const element of body.elements ?? []) {
    const e = elementEndSeconds(element);
    if (e !== undefined) end = Math.max(end ?? 0, e);
  }
  return end !== undefined && end > 0 ? end : FALLBACK_DURATION_SECONDS;
}

/**
 * The window a transition runs over: from the incoming element's `time`, for `duration`
 * seconds (the documented pattern puts the incoming element on the cut, §4, §9.3).
 */
export function transitionWindowSeconds(transition: FlTransition, to: FlElement): { start: number; end: number } {
  const start = to.time ?? 0;
  return { start, end: start + transition.duration };
}
