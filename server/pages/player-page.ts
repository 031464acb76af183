/**
 * The preview page: a `<canvas>` drawn live by the player bundle (player/main.ts), its controls,
 * and whatever the route adds below it (escaped HTML). The player reads its settings from a JSON
 * script element; the page runs no inline script.
 */
import { escapeHtml } from './pages.js';
import { PLAYER_SCRIPT_PATH, type PagePreloads } from '../player/player-service.js';

export interface PlayerPageOptions {
  title: string;
  /** URL of the player document. */
  documentUrl: string;
  /** Server-sent events URL announcing changes (local authoring). */
  eventsUrl?: string;
  /** Escaped HTML shown under the player. */
  below?: string;
  /** What to fetch while the script loads. */
  preload?: PagePreloads;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#222}
.fs-player{background:#111;border-radius:8px;overflow:hidden;color:#eee;display:flex;flex-direction:column}
.fs-player:fullscreen{border-radius:0;justify-content:center}
.fs-stage{position:relative;display:flex;justify-content:center;align-items:center;background:repeating-conic-gradient(#1a1a1a 0 25%,#222 0 50%) 0 0/24px 24px;flex:1;min-height:0}
.fs-stage canvas{display:block;max-width:100%;max-height:80vh;height:auto;cursor:pointer}
.fs-player:fullscreen .fs-stage canvas{max-height:calc(100vh - 3rem)}
.fs-message{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;padding:2rem;text-align:center;background:#111d;color:#fff;font-size:1.1rem}
.fs-message[hidden]{display:none}
.fs-controls{display:flex;align-items:center;gap:.75rem;padding:.5rem .75rem;font:13px/1 ui-monospace,monospace}
.fs-controls button{background:none;border:1px solid #555;color:#eee;border-radius:4px;min-width:2.2rem;height:1.9rem;cursor:pointer}
.fs-controls input[type=range]{flex:1;accent-color:#4da3ff}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#666}
pre{background:#f5f5f5;padding:1rem;overflow:auto;border-radius:6px;max-height:24rem}.muted{color:#777}a{color:#0a58ca}`;

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function playerPage(o: PlayerPageOptions): string {
  const config = { document: o.documentUrl, ...(o.eventsUrl ? { events: o.eventsUrl } : {}) };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(o.title)}</title><style>${STYLE}</style>
<link rel="preload" href="${escapeHtml(o.documentUrl)}" as="fetch" crossorigin="anonymous">${(o.preload?.fonts ?? []).map((u) => `<link rel="preload" href="${escapeHtml(u)}" as="font" type="font/ttf" crossorigin="anonymous">`).join('')}${(o.preload?.images ?? []).map((u) => `<link rel="preload" href="${escapeHtml(u)}" as="image">`).join('')}<link rel="modulepreload" href="${PLAYER_SCRIPT_PATH}">
<script id="framesmith-player-config" type="application/json">${scriptJson(config)}</script>
<script type="module" src="${PLAYER_SCRIPT_PATH}"></script></head><body>
<div class="fs-player" id="fs-player">
<div class="fs-stage"><canvas id="fs-canvas" width="16" height="9" aria-label="${escapeHtml(o.title)}"></canvas><div class="fs-message" id="fs-message" role="alert" hidden></div></div>
<div class="fs-controls"><button id="fs-play" type="button" aria-label="Play" title="Play/pause (space)" disabled>▶</button>
<input id="fs-seek" type="range" min="0" max="0" step="1" value="0" aria-label="Seek" disabled>
<span id="fs-time">0:00.00 / 0:00.00</span><span id="fs-frame">frame 0 / 0</span>
<label><input id="fs-loop" type="checkbox"> loop</label>
<button id="fs-fullscreen" type="button" aria-label="Fullscreen" title="Fullscreen (f)"><svg width="14" height="14" viewBox="0 0 14 14" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9"/></svg></button></div>
</div>
<noscript><p>The preview is drawn by a script: enable JavaScript to play it.</p></noscript>
${o.below ?? ''}</body></html>`;
}

/** The content security policy of player pages: scripts, fonts and media from this server only. */
export const PLAYER_PAGE_CSP = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";
