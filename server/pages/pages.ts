/**
 * The small HTML pages behind `previewUrl` / `viewerUrl`: a task page (status, the video once
 * rendered) and a preview page (what the composition is, until it expires). No script, no
 * external assets; every value is escaped.
 */

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#222}
video{width:100%;background:#000;border-radius:6px}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{color:#666}pre{background:#f5f5f5;padding:1rem;overflow:auto;border-radius:6px;max-height:24rem}.muted{color:#777}`;

/** A whole page; `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** A definition list of label → value (values escaped). */
export function facts(rows: Array<[string, unknown]>): string {
  return `<dl>${rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

export interface CompositionSummary {
  title?: string;
  width?: number;
  height?: number;
  fps?: number;
  tracks: number;
  clips: number;
}

/** Counts what a composition holds, without trusting its shape. */
export function summarize(config: unknown): CompositionSummary {
  const doc = (typeof config === 'object' && config !== null ? config : {}) as { meta?: Record<string, unknown>; tracks?: unknown };
  const meta = doc.meta ?? {};
  const tracks = Array.isArray(doc.tracks) ? doc.tracks as Array<{ clips?: unknown }> : [];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    title: typeof meta.title === 'string' ? meta.title : undefined,
    width: num(meta.width), height: num(meta.height), fps: num(meta.fps),
    tracks: tracks.length,
    clips: tracks.reduce((n, t) => n + (Array.isArray(t.clips) ? t.clips.length : 0), 0),
  };
}
