/**
 * Fonts for Node rendering. The bundled DejaVu families (dejavu-fonts-ttf, free licence)
 * are registered at start so text looks the same on every machine; composition fonts
 * load from files. Only families registered here are ever used: a family the document
 * does not ship falls back to the default with a warning, never to whatever the host has.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import type { FontSpec } from '../model/composition.js';
import { FramesmithError } from '../errors.js';
import { readMediaBytes } from './read-media.js';

const require = createRequire(import.meta.url);

export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';
export const DEFAULT_MONOSPACE_FAMILY = 'DejaVu Sans Mono';

/** CSS generic names and the bundled family each maps to. */
const GENERIC_FAMILIES: Record<string, string> = {
  'sans-serif': 'DejaVu Sans',
  'system-ui': 'DejaVu Sans',
  serif: 'DejaVu Serif',
  monospace: 'DejaVu Sans Mono',
};

const BUNDLED_FILES = [
  'DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf',
  'DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf', 'DejaVuSerif-BoldItalic.ttf',
  'DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf', 'DejaVuSansMono-Oblique.ttf', 'DejaVuSansMono-BoldOblique.ttf',
];

const registered = new Set<string>();
let bundledDone = false;

/** Registers the bundled families once per process. */
export function registerBundledFonts(): void {
  if (bundledDone) return;
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  for (const file of BUNDLED_FILES) {
    const key = GlobalFonts.registerFromPath(path.join(dir, file));
    if (!key) throw new FramesmithError('ERR_FONT_LOAD', `cannot register bundled font ${file}`);
  }
  for (const family of ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono']) registered.add(family.toLowerCase());
  bundledDone = true;
}

/** Registers the composition's own fonts under their `family` names. */
export async function registerCompositionFonts(fonts: FontSpec[]): Promise<void> {
  registerBundledFonts();
  for (const font of fonts) {
    const bytes = await readMediaBytes(font.source);
    const key = GlobalFonts.register(bytes, font.family);
    if (!key) {
      throw new FramesmithError('ERR_FONT_LOAD', `${font.source.pointer}: "${font.source.uri}" is not a font file Skia can read`, {
        stage: 'fetch', details: { pointer: font.source.pointer },
      });
    }
    registered.add(font.family.toLowerCase());
  }
}

/**
 * Resolves a requested family (possibly a CSS list) to a registered one.
 * @returns the family and, when it had to substitute, the name that was missing.
 */
export function resolveFontFamily(requested: string | undefined): { family: string; missing?: string } {
  if (!requested) return { family: DEFAULT_FONT_FAMILY };
  const candidates = requested.split(',').map((f) => f.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
  for (const candidate of candidates) {
    const generic = GENERIC_FAMILIES[candidate.toLowerCase()];
    if (generic) return { family: generic };
    if (registered.has(candidate.toLowerCase())) return { family: candidate };
  }
  return { family: DEFAULT_FONT_FAMILY, missing: requested };
}
