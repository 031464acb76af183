/**
 * Offline icons. Names are Iconify-style `prefix:name`; the bundled set is Material
 * Design Icons (`mdi:*`, from the @iconify-json/mdi package), read from disk once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getIconData, iconToHTML, iconToSVG } from '@iconify/utils';
import type { IconifyJSON } from '@iconify/types';

const require = createRequire(import.meta.url);

/** Icon set prefixes this build ships. */
export const ICON_SETS = ['mdi'] as const;

const loaded = new Map<string, IconifyJSON>();

function iconSet(prefix: string): IconifyJSON | undefined {
  if (!(ICON_SETS as readonly string[]).includes(prefix)) return undefined;
  let set = loaded.get(prefix);
  if (!set) {
    set = JSON.parse(readFileSync(require.resolve(`@iconify-json/${prefix}/icons.json`), 'utf8')) as IconifyJSON;
    loaded.set(prefix, set);
  }
  return set;
}

/** True when `name` (`prefix:name`) is in a bundled set. */
export function hasIcon(name: string): boolean {
  const [prefix, icon] = name.split(':');
  const set = prefix && icon ? iconSet(prefix) : undefined;
  return set !== undefined && icon !== undefined && getIconData(set, icon) !== null;
}

/** SVG markup for the icon at the given pixel size and colour, or undefined when unknown. */
export function iconSvg(name: string, color: string, sizePx: number): string | undefined {
  const [prefix, icon] = name.split(':');
  const set = prefix && icon ? iconSet(prefix) : undefined;
  const data = set && icon ? getIconData(set, icon) : null;
  if (!data) return undefined;
  const svg = iconToSVG(data, { width: String(sizePx), height: String(sizePx) });
  return iconToHTML(svg.body, svg.attributes).replaceAll('currentColor', color);
}
