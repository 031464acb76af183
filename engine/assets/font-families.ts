/**
 * Which font family draws a requested one: the bundled DejaVu faces, the CSS generic names
 * they stand for, and the resolution rule. Browser-safe, so the Node renderer (fonts.ts) and
 * the browser preview pick the same family for the same request.
 */

export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';
export const DEFAULT_MONOSPACE_FAMILY = 'DejaVu Sans Mono';

/** CSS generic names and the bundled family each maps to. */
const GENERIC_FAMILIES: Record<string, string> = {
  'sans-serif': 'DejaVu Sans',
  'system-ui': 'DejaVu Sans',
  serif: 'DejaVu Serif',
  monospace: 'DejaVu Sans Mono',
};

/** One bundled face: its file in dejavu-fonts-ttf/ttf and how CSS names it. */
export interface BundledFace {
  file: string;
  family: string;
  weight: 'normal' | 'bold';
  style: 'normal' | 'italic' | 'oblique';
}

const face = (file: string, family: string, weight: BundledFace['weight'], style: BundledFace['style']): BundledFace => ({ file, family, weight, style });

export const BUNDLED_FACES: readonly BundledFace[] = [
  face('DejaVuSans.ttf', 'DejaVu Sans', 'normal', 'normal'),
  face('DejaVuSans-Bold.ttf', 'DejaVu Sans', 'bold', 'normal'),
  face('DejaVuSans-Oblique.ttf', 'DejaVu Sans', 'normal', 'oblique'),
  face('DejaVuSans-BoldOblique.ttf', 'DejaVu Sans', 'bold', 'oblique'),
  face('DejaVuSerif.ttf', 'DejaVu Serif', 'normal', 'normal'),
  face('DejaVuSerif-Bold.ttf', 'DejaVu Serif', 'bold', 'normal'),
  face('DejaVuSerif-Italic.ttf', 'DejaVu Serif', 'normal', 'italic'),
  face('DejaVuSerif-BoldItalic.ttf', 'DejaVu Serif', 'bold', 'italic'),
  face('DejaVuSansMono.ttf', 'DejaVu Sans Mono', 'normal', 'normal'),
  face('DejaVuSansMono-Bold.ttf', 'DejaVu Sans Mono', 'bold', 'normal'),
  face('DejaVuSansMono-Oblique.ttf', 'DejaVu Sans Mono', 'normal', 'oblique'),
  face('DejaVuSansMono-BoldOblique.ttf', 'DejaVu Sans Mono', 'bold', 'oblique'),
];

/**
 * Resolves a requested family (possibly a CSS list) to one of `registered` (lower-case names).
 * @returns the family and, when it had to substitute, the name that was missing.
 */
export function resolveFamilyIn(requested: string | undefined, registered: ReadonlySet<string>): { family: string; missing?: string } {
  if (!requested) return { family: DEFAULT_FONT_FAMILY };
  const candidates = requested.split(',').map((f) => f.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
  for (const candidate of candidates) {
    const generic = GENERIC_FAMILIES[candidate.toLowerCase()];
    if (generic) return { family: generic };
    if (registered.has(candidate.toLowerCase())) return { family: candidate };
  }
  return { family: DEFAULT_FONT_FAMILY, missing: requested };
}
