/**
 * The preview page's script (bundled by esbuild into dist/player/framesmith-player.js). It
 * reads its settings from `<script id="framesmith-player-config" type="application/json">`,
 * fetches the player document, draws, wires the controls, and offers `window.framesmithPlayer`
 * for automation:
 *
 *   ready: Promise<void>   (rejects with the message the page shows when the preview cannot play)
 *   seek(seconds): Promise<void>, play(), pause(), currentTime, duration, frame, paused, fps
 *
 * Query: `?t=SECONDS` opens at that time, `&paused=1` stays paused there, `&loop=1` loops.
 * With an `events` URL (framesmith preview), the document is fetched again whenever the
 * server says the file changed, keeping the time and the play state.
 */
import { decodeModel } from '../engine/preview/model-codec.js';
import { PLAYER_FORMAT, type PlayerDocument } from '../engine/preview/player-types.js';
import { Player } from './player.js';

interface PageConfig {
  document: string;
  events?: string;
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

function formatTime(seconds: number): string {
  const hundredths = Math.round(seconds * 100);
  const m = Math.floor(hundredths / 6000);
  const s = (hundredths - m * 6000) / 100;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

async function fetchDocument(url: string): Promise<PlayerDocument> {
  let response: Response;
  try {
    // Default cache mode: the page preloads the document (the server marks it no-store, so a reload refetches).
    response = await fetch(url);
  } catch {
    throw new Error('the server cannot be reached');
  }
  const text = await response.text();
  if (!response.ok) {
    let message = `the server answered ${response.status}`;
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      const error = body.error as { message?: unknown } | string | undefined;
      const detail = typeof error === 'object' && error && typeof error.message === 'string' ? error.message
        : typeof body.message === 'string' ? body.message : typeof error === 'string' ? error : undefined;
      if (detail) message = detail;
    } catch { /* not JSON: keep the status */ }
    throw new Error(message);
  }
  const doc = decodeModel<PlayerDocument>(text);
  if (doc.format !== PLAYER_FORMAT) throw new Error(`unknown player document format ${String(doc.format)}`);
  return doc;
}

class Page {
  player: Player | undefined;
  error: string | undefined;
  firstFrameMs: number | undefined;
  private readonly canvas = $<HTMLCanvasElement>('fs-canvas');
  private readonly message = $<HTMLDivElement>('fs-message');
  private readonly playButton = $<HTMLButtonElement>('fs-play');
  private readonly seekBar = $<HTMLInputElement>('fs-seek');
  private readonly timeLabel = $<HTMLSpanElement>('fs-time');
  private readonly frameLabel = $<HTMLSpanElement>('fs-frame');
  private readonly loopBox = $<HTMLInputElement>('fs-loop');
  private scrubbing: { wasPlaying: boolean } | undefined;
  private loads = 0;

  constructor(private readonly config: PageConfig) {
    this.playButton.addEventListener('click', () => this.player?.toggle());
    this.canvas.addEventListener('click', () => this.player?.toggle());
    this.loopBox.addEventListener('change', () => {
      if (this.player) this.player.loop = this.loopBox.checked;
    });
    $<HTMLButtonElement>('fs-fullscreen').addEventListener('click', () => {
      const stage = $<HTMLDivElement>('fs-player');
      if (document.fullscreenElement) void document.exitFullscreen();
      else void stage.requestFullscreen?.().catch(() => undefined);
    });
    this.seekBar.addEventListener('input', () => {
      const p = this.player;
      if (!p) return;
      if (!this.scrubbing) {
        this.scrubbing = { wasPlaying: !p.paused };
        p.pause();
      }
      this.seek(Number(this.seekBar.value) / p.fps);
    });
    this.seekBar.addEventListener('change', () => {
      const p = this.player;
      const resume = this.scrubbing?.wasPlaying;
      this.scrubbing = undefined;
      if (p && resume) p.play();
    });
    // A hidden tab gets no animation frames: pause rather than let sounds run past their clips.
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.player?.pause();
    });
    document.addEventListener('keydown', (e) => {
      const p = this.player;
      if (!p || (e.target instanceof HTMLInputElement && e.target.type !== 'range')) return;
      if (e.key === ' ' || e.key === 'k') p.toggle();
      else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        p.pause();
        this.seek((p.frame + (e.key === 'ArrowRight' ? 1 : -1) + 0.5) / p.fps);
      } else if (e.key === 'Home') this.seek(0);
      else if (e.key === 'l') this.loopBox.click();
      else if (e.key === 'f') $<HTMLButtonElement>('fs-fullscreen').click();
      else return;
      e.preventDefault();
    });
  }

  showError(message: string): void {
    this.player?.pause();
    this.error = message;
    this.message.textContent = `This preview cannot be played: ${message}`;
    this.message.hidden = false;
    this.playButton.disabled = true;
    this.seekBar.disabled = true;
  }

  private update = (): void => {
    const p = this.player;
    if (!p) return;
    const n = p.frame;
    if (this.firstFrameMs === undefined) {
      this.firstFrameMs = performance.now();
      performance.mark('framesmith:first-frame');
    }
    if (!this.scrubbing) this.seekBar.value = String(n);
    this.timeLabel.textContent = `${formatTime(p.currentTime)} / ${formatTime(p.duration)}`;
    this.frameLabel.textContent = `frame ${n + 1} / ${p.frameCount}`;
    this.playButton.textContent = p.paused ? '▶' : '❚❚';
    this.playButton.setAttribute('aria-label', p.paused ? 'Play' : 'Pause');
  };

  /** Loads (or reloads) the document; keeps time and play state across reloads. A newer load wins. */
  async load(start: { seconds: number; play: boolean }): Promise<void> {
    const generation = ++this.loads;
    let player: Player;
    try {
      const doc = await fetchDocument(this.config.document);
      performance.mark('framesmith:document');
      if (generation !== this.loads) return;
      player = await Player.create(this.canvas, doc, start.seconds);
    } catch (err) {
      if (generation !== this.loads) return;
      // Nothing plays behind the message.
      this.player?.dispose();
      this.player = undefined;
      throw err;
    }
    if (generation !== this.loads) {
      player.dispose();
      return;
    }
    this.player?.dispose();
    player.loop = this.loopBox.checked;
    for (const e of ['frame', 'play', 'pause', 'seeked', 'ended']) player.addEventListener(e, this.update);
    player.addEventListener('error', (e) => this.showError((e as ErrorEvent).message));
    this.player = player;
    this.error = undefined;
    this.message.hidden = true;
    this.playButton.disabled = false;
    this.seekBar.disabled = false;
    this.seekBar.max = String(player.frameCount - 1);
    if (player.doc.title) document.title = player.doc.title;
    this.update();
    if (start.play) player.play();
  }

  /** Seeks, showing a failure (a video or font that cannot load) on the page. */
  seek(seconds: number): void {
    this.player?.seek(seconds).catch((err: unknown) => this.showError(err instanceof Error ? err.message : String(err)));
  }

  setLoop(value: boolean): void {
    this.loopBox.checked = value;
    if (this.player) this.player.loop = value;
  }

  watch(): void {
    if (!this.config.events) return;
    const source = new EventSource(this.config.events);
    source.addEventListener('change', () => {
      const p = this.player;
      const state = { seconds: p?.currentTime ?? 0, play: p ? !p.paused : false };
      this.load(state).catch((err: unknown) => this.showError(err instanceof Error ? err.message : String(err)));
    });
  }
}

function readConfig(): PageConfig {
  const text = document.getElementById('framesmith-player-config')?.textContent;
  if (!text) throw new Error('the page has no player configuration');
  return JSON.parse(text) as PageConfig;
}

performance.mark('framesmith:script');
const query = new URLSearchParams(location.search);
const startSeconds = Number(query.get('t') ?? '0');
const startPaused = query.get('paused') === '1' || query.get('paused') === 'true';
let page: Page | undefined;

const ready = (async () => {
  page = new Page(readConfig());
  if (query.get('loop') === '1') page.setLoop(true);
  try {
    await page.load({ seconds: Number.isFinite(startSeconds) ? startSeconds : 0, play: !startPaused });
  } catch (err) {
    page.showError(err instanceof Error ? err.message : String(err));
    throw new Error(page.error);
  } finally {
    page.watch();
  }
})();
ready.catch(() => undefined);

const current = (): Player => {
  if (!page?.player) throw new Error(page?.error ?? 'the player is not ready yet');
  return page.player;
};

/** The automation interface (docs/preview.md). */
const api = {
  ready,
  seek: async (seconds: number) => {
    await ready;
    await current().seek(seconds);
  },
  play: async () => {
    await ready;
    current().play();
  },
  pause: async () => {
    await ready;
    current().pause();
  },
  get currentTime() { return page?.player?.currentTime ?? 0; },
  get duration() { return page?.player?.duration ?? 0; },
  get frame() { return page?.player?.frame ?? 0; },
  get fps() { return page?.player?.fps ?? 0; },
  get paused() { return page?.player?.paused ?? true; },
  get loop() { return page?.player?.loop ?? false; },
  set loop(value: boolean) { page?.setLoop(value); },
  get error() { return page?.error; },
  /** Milliseconds from navigation start to the first drawn frame. */
  get firstFrameMs() { return page?.firstFrameMs; },
  get framesDrawn() { return page?.player?.framesDrawn ?? 0; },
  /** Milliseconds from navigation start to each loading step (script, document, resources, first-frame). */
  timings: () => Object.fromEntries(performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('framesmith:')).map((m) => [m.name.slice('framesmith:'.length), Math.round(m.startTime)])),
  sound: () => page?.player?.soundState(),
  /** Adds a listener for a player event (frame, play, pause, seeked, ended). */
  on: (event: string, listener: () => void) => page?.player?.addEventListener(event, listener),
};

(window as unknown as { framesmithPlayer: typeof api }).framesmithPlayer = api;
