/**
 * Messages for unknown fields of a Framelane body (§9.1: a misspelt field is a 422 that names it).
 *
 * A message names the field and, when one is close, the right name: first the names other APIs
 * and habits use for a Framelane field (`color` → `text_color`, `src` → `source_url`), then the
 * snake_case form of a camelCase name (`fontSize` → `font_size`), then a field whose name shares
 * a word with it or is a small edit away. A field that exists on another element type says so.
 */
import { FL_ELEMENT_TYPES } from './enums.js';

/** Other names for Framelane fields, by the element type they apply to (`*`: any object). */
const ALIASES: Record<string, Record<string, string>> = {
  '*': {
    start: 'time', start_time: 'time', begin: 'time', starttime: 'time', length: 'duration',
    src: 'source_url', url: 'source_url', source: 'source_url', uri: 'source_url', file: 'source_url',
    trim_start: 'in_point', trim_end: 'out_point', start_point: 'in_point', end_point: 'out_point',
    playback_rate: 'speed', rate: 'speed', playbackrate: 'speed',
    rotation: 'z_rotation', rotate: 'z_rotation', angle: 'z_rotation',
    scale: 'x_scale" and "y_scale', zindex: 'z_index', z: 'z_index', layer: 'z_index',
    anchor: 'x_anchor" and "y_anchor', left: 'x', top: 'y', w: 'width', h: 'height',
    animation: 'motion', animations: 'motion', motions: 'motion', effect: 'effects', filters: 'effects', filter: 'effects',
    transparency: 'opacity', alpha: 'opacity', blend: 'blend_mode', composite: 'blend_mode', radius: 'border_radius',
    flip_x: 'flip_horizontal', flip_y: 'flip_vertical', mirror: 'flip_horizontal', hidden: 'visible', enabled: 'visible',
    fade_in: 'fade_in_duration', fade_out: 'fade_out_duration', fadein: 'fade_in_duration', fadeout: 'fade_out_duration',
    lut: 'lut_url', hue: 'hue_rotate',
  },
  text: {
    color: 'text_color', colour: 'text_color', fill: 'text_color', fill_color: 'text_color', font_color: 'text_color',
    font: 'font_family', family: 'font_family', size: 'font_size', weight: 'font_weight', style: 'font_style',
    align: 'text_align', alignment: 'text_align', text_alignment: 'text_align', letter_spacing: 'tracking',
    line_height: 'leading', outline_color: 'stroke_color', outline_width: 'stroke_width', outline: 'stroke',
    content: 'text', value: 'text', words: 'word_animation', captions: 'word_animation', padding: 'x_padding" and "y_padding',
    wrap: 'text_wrap', decoration: 'text_decoration', underline: 'text_decoration',
  },
  body: {
    fps: 'frame_rate', framerate: 'frame_rate', format: 'output_format', transparent: 'alpha', background: 'background_color',
    bg_color: 'background_color', background_image: 'background_image_url', webhook: 'webhook_url', callback_url: 'webhook_url',
    clips: 'elements', layers: 'elements', tracks: 'elements', filename: 'output_filename', meta: 'metadata',
  },
};

/** Fields that belong to other element types, with what to say instead of a spelling hint. */
const ELSEWHERE: Record<string, (type: string) => string | undefined> = {
  loop: (type) => (type === 'video' || type === 'audio' ? 'there is no loop: add one element per repetition' : undefined),
  muted: (type) => (type === 'video' ? 'set "volume": 0 to mute a video' : undefined),
  duration: (type) => (type === 'video' || type === 'audio'
    ? `${type} elements take no "duration": they play (out_point − in_point) / speed seconds; set out_point`
    : undefined),
  effects: (type) => (type === 'text' ? 'text elements take no effects (only video and image do)' : undefined),
  volume: (type) => (type === 'image' || type === 'text' ? `${type} elements have no sound` : undefined),
};
const VISUAL_ONLY = new Set([
  'crop_top', 'crop_bottom', 'crop_left', 'crop_right', 'brightness', 'contrast', 'saturation', 'exposure', 'sharpness',
  'blur', 'noise', 'vignette', 'hue_rotate', 'lut_url', 'lut_intensity',
]);

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]+/g, '_').toLowerCase();

/** The known field closest to `name`, if any is close enough. */
export function closestField(name: string, known: readonly string[]): string | undefined {
  const lower = snake(name);
  if (known.includes(lower)) return lower;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const parts = candidate.split('_');
    // `color` → `text_color`: the name is one whole word of a field.
    const word = lower.length >= 3 && (parts.includes(lower) || lower.split('_').some((p) => p.length >= 4 && parts.includes(p)));
    const d = word ? 0.75 : editDistance(lower, candidate);
    if (d < bestScore) [best, bestScore] = [candidate, d];
  }
  return best !== undefined && bestScore <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * The message for an unknown field `name` of an object whose known fields are `known`.
 * @param owner the element type (`video`, …) or `body` for the top level, when known.
 */
export function unknownFieldMessage(name: string, known: readonly string[], owner: string | undefined): string {
  const head = `unknown field "${name}"`;
  const lower = snake(name);
  if (owner && (FL_ELEMENT_TYPES as readonly string[]).includes(owner)) {
    const elsewhere = ELSEWHERE[lower]?.(owner);
    if (elsewhere) return `${head}: ${elsewhere}`;
    if ((owner === 'text' || owner === 'audio') && VISUAL_ONLY.has(lower)) return `${head}: only video and image elements take "${lower}"`;
  }
  const alias = (owner ? ALIASES[owner]?.[lower] : undefined) ?? ALIASES['*']?.[lower];
  if (alias && known.includes(alias.split('"')[0]!)) return `${head} (did you mean "${alias}"?)`;
  const close = closestField(name, known);
  return close ? `${head} (did you mean "${close}"?)` : head;
}
