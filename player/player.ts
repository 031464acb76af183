/**
 * The preview player: draws a composition into a `<canvas>` with the engine's own frame drawer,
 * on a wall clock, with its videos and sounds in step. No DOM controls here (main.ts has them).
 *
 * Events: `frame` (a frame was drawn), `play`, `pause`, `ended`, `seeked`, `error` (an
 * `ErrorEvent`: a video or font that cannot load).
 */
import { createFrameDrawer, type FrameDrawer } from '../engine/draw/draw-frame.js';
import type { Canvas2D } from '../engine/draw/canvas2d.js';
import type { PlayerDocument } from '../engine/preview/player-types.js';
import { flattenLayers } from '../engine/elements/layout.js';
import { frameAtTime } from '../engine/output/output-spec.js';
import { context2d, createBrowserResources, type BrowserResources } from './browser-resources.js';
import { SoundMixer } from './sound.js';
import { VideoTrack } from './video-track.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Player extends EventTarget {
  readonly fps: number;
  readonly frameCount: number;
  readonly duration: number;
  loop = false;
  private readonly ctx: Canvas2D;
  private drawer: FrameDrawer | undefined;
  /** The font generation the drawer measured its text with. */
  private drawerFonts = 0;
  private resources: BrowserResources | undefined;
  private videos: VideoTrack[] = [];
  private sound: SoundMixer;
  private time = 0;
  private drawnFrame = -1;
  private playing = false;
  /** performance.now() at which timeline time 0 would have been, while playing. */
  private origin = 0;
  private raf = 0;
  private seekToken = 0;
  private disposed = false;
  framesDrawn = 0;

  private constructor(readonly canvas: HTMLCanvasElement, readonly doc: PlayerDocument) {
    super();
    const comp = doc.composition;
    this.fps = comp.fps;
    this.frameCount = comp.durationInFrames;
    this.duration = comp.durationInFrames / comp.fps;
    canvas.width = comp.width;
    canvas.height = comp.height;
    this.ctx = context2d(canvas);
    this.sound = new SoundMixer(doc);
  }

  /** Loads pictures and the videos on screen, then draws the frame at `startSeconds`. */
  static async create(canvas: HTMLCanvasElement, doc: PlayerDocument, startSeconds = 0): Promise<Player> {
    const player = new Player(canvas, doc);
    const layers = flattenLayers(doc.composition.layers);
    // Videos start loading while pictures decode.
    player.videos = layers
      .filter((l) => l.element.kind === 'video' && doc.videos[l.pointer])
      .map((l) => new VideoTrack(l, doc.composition, doc.media[doc.videos[l.pointer]!.media]!, (pointer, image) => player.resources?.setImage(pointer, image)));
    try {
      player.resources = await createBrowserResources(doc);
      performance.mark('framesmith:resources');
      player.drawer = createFrameDrawer(doc.composition, player.resources);
      // The first frame waits for the videos it shows; a video that cannot load is reported when it fails.
      await player.seek(startSeconds);
    } catch (err) {
      player.dispose();
      throw err;
    }
    for (const v of player.videos) v.ready.catch((err: unknown) => player.fail(err));
    return player;
  }

  get currentTime(): number {
    return this.time;
  }

  get frame(): number {
    return this.frameAt(this.time);
  }

  get paused(): boolean {
    return !this.playing;
  }

  /** The timeline frame shown at `seconds` (the renderer's frame of that time). */
  frameAt(seconds: number): number {
    return frameAtTime({ fps: this.fps, durationInFrames: this.frameCount }, seconds);
  }

  private clamp(seconds: number): number {
    return Number.isFinite(seconds) ? Math.min(this.duration, Math.max(0, seconds)) : 0;
  }

  /** Reports a failure that stops playback (the page shows it). */
  private fail(err: unknown): void {
    if (this.disposed) return;
    this.pause();
    this.dispatchEvent(new ErrorEvent('error', { message: message(err) }));
  }

  /**
   * Draws frame `n`. Text, captions and code keep their measured layout per layer, so once a
   * font has finished loading since the drawer was made, a drawer over a fresh copy of the
   * composition measures everything again.
   */
  private draw(n: number): void {
    const fonts = this.resources!.fontGeneration();
    if (fonts !== this.drawerFonts) {
      this.drawer = createFrameDrawer(structuredClone(this.doc.composition), this.resources!);
      this.drawerFonts = fonts;
    }
    this.ctx.save();
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.restore();
    this.drawer!.drawFrame(this.ctx, n);
    this.drawnFrame = n;
    this.framesDrawn++;
    this.dispatchEvent(new Event('frame'));
  }

  /** Resolves at the next drawn frame. */
  private nextFrame(): Promise<void> {
    return new Promise((resolve) => this.addEventListener('frame', () => resolve(), { once: true }));
  }

  /**
   * Shows the frame at `seconds`; resolves once it is drawn. Paused: exactly that frame, videos
   * included (a font still loading is waited for). Playing: playback continues from there, and
   * the promise resolves with the first frame drawn after the jump.
   */
  async seek(seconds: number): Promise<void> {
    const t = this.clamp(seconds);
    this.time = t;
    if (this.playing) {
      this.origin = performance.now() - t * 1000;
      this.drawnFrame = -1;
      const drawn = this.nextFrame();
      this.dispatchEvent(new Event('seeked'));
      return drawn;
    }
    const token = ++this.seekToken;
    const n = this.frameAt(t);
    await Promise.all(this.videos.map((v) => v.seekFrame(n)));
    if (token !== this.seekToken || this.playing) return; // a later seek or play took over
    this.draw(n);
    // A font this frame needs was still loading: draw it again with the font.
    if (await this.resources!.settle()) {
      if (token !== this.seekToken || this.playing) return;
      this.draw(n);
    }
    this.dispatchEvent(new Event('seeked'));
  }

  /** A paused seek whose failure (a video or font that cannot load) is reported, not thrown. */
  private settleAt(seconds: number): void {
    this.seek(seconds).catch((err: unknown) => this.fail(err));
  }

  play(): void {
    if (this.playing || this.disposed) return;
    if (this.time >= this.duration) this.time = 0;
    this.playing = true;
    this.seekToken++;
    this.origin = performance.now() - this.time * 1000;
    this.drawnFrame = -1;
    this.dispatchEvent(new Event('play'));
    this.raf = requestAnimationFrame(this.tick);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    for (const v of this.videos) v.pause();
    this.sound.pause();
    this.dispatchEvent(new Event('pause'));
    // Settle on the exact frame of the time reached.
    this.settleAt(this.time);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  private readonly tick = (now: number): void => {
    if (!this.playing) return;
    let t = (now - this.origin) / 1000;
    if (t >= this.duration) {
      if (this.loop) {
        this.origin = now;
        t = 0;
        this.drawnFrame = -1;
      } else {
        this.time = this.duration;
        this.playing = false;
        for (const v of this.videos) v.pause();
        this.sound.pause();
        if (this.drawnFrame !== this.frameCount - 1) this.draw(this.frameCount - 1);
        this.dispatchEvent(new Event('ended'));
        this.dispatchEvent(new Event('pause'));
        return;
      }
    }
    this.time = Math.max(0, t);
    const n = this.frameAt(this.time);
    for (const v of this.videos) v.follow(n, this.time, true);
    this.sound.follow(this.time, true);
    if (n !== this.drawnFrame) {
      for (const v of this.videos) if (v.visibleAt(n)) v.paint();
      this.draw(n);
      // A font was still loading: this frame drew a stand-in; the next frame (or, paused, a
      // settle) draws it with the font.
      this.resources!.settle().then((late) => {
        if (late && !this.playing) this.settleAt(this.time);
      }, (err: unknown) => this.fail(err));
    }
    this.raf = requestAnimationFrame(this.tick);
  };

  /** What the sounds are doing (automation and tests). */
  soundState() {
    return { level: this.sound.level(), sounds: this.sound.state() };
  }

  dispose(): void {
    this.disposed = true;
    this.playing = false;
    this.seekToken++;
    cancelAnimationFrame(this.raf);
    for (const v of this.videos) v.dispose();
    this.sound.dispose();
    this.resources?.dispose();
  }
}
