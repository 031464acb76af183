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
import { BUNDLED_FACES, resolveFamilyIn } from './font-families.js';

const require = createRequire(import.meta.url);

export { DEFAULT_FONT_FAMILY, DEFAULT_MONOSPACE_FAMILY } from './font-families.js';

/** The folder holding the bundled DejaVu TTF files. */
export function bundledFontDir(): string {
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

const registered = new Set<string>();
let bundledDone = false;

/** Registers the bundled families once per process. */
export function registerBundledFonts(): void {
  if (bundledDone) return;
  const dir = bundledFontDir();
  for (const { file } of BUNDLED_FACES) {
    const key = GlobalFonts.registerFromPath(path.join(dir, file));
    if (!key) throw new FramesmithError('ERR_FONT_LOAD', `cannot register bundled font ${file}`);
  }
  for (const { family } of BUNDLED_FACES) registered.add(family.toLowerCase());
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
  return resolveFamilyIn(requested, registered);
}
