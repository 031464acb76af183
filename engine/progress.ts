/**
 * One progress object per render: stage, frames done and total, frames per second
 * over a rolling window, and an ETA. Updates are throttled; the final one always fires.
 */
export type RenderStage = 'validate' | 'prepare' | 'render' | 'finalize' | 'done';

export interface RenderProgress {
  stage: RenderStage;
  framesDone: number;
  framesTotal: number;
  /** Frames per second over the last few seconds (0 until two frames are done). */
  fps: number;
  /** Seconds left at the current rate; undefined while unknown. */
  etaSeconds: number | undefined;
  /** 0..1 over the whole render. */
  fraction: number;
}

export interface ProgressTracker {
  stage(stage: RenderStage): void;
  frameDone(): void;
  current(): RenderProgress;
}

const WINDOW_MS = 3000;

/** Creates a tracker that reports to `onUpdate` at most every `throttleMs`, plus on every stage change. */
export function createProgressTracker(
  framesTotal: number,
  onUpdate: ((progress: RenderProgress) => void) | undefined,
  throttleMs = 100,
  now: () => number = () => performance.now(),
): ProgressTracker {
  let stage: RenderStage = 'validate';
  let framesDone = 0;
  let lastEmit = -Infinity;
  const stamps: Array<[number, number]> = [];

  /** Keeps the frame stamps of the last WINDOW_MS (at least two): the rate is measured over them. */
  const trim = (t: number) => {
    while (stamps.length > 2 && t - stamps[0]![0] > WINDOW_MS) stamps.shift();
  };
  const snapshot = (): RenderProgress => {
    const t = now();
    trim(t);
    const first = stamps[0];
    const last = stamps[stamps.length - 1];
    const fps = first && last && last[0] > first[0] ? ((last[1] - first[1]) * 1000) / (last[0] - first[0]) : 0;
    const left = framesTotal - framesDone;
    return {
      stage,
      framesDone,
      framesTotal,
      fps,
      etaSeconds: fps > 0 ? left / fps : stage === 'done' ? 0 : undefined,
      fraction: stage === 'done' ? 1 : framesTotal > 0 ? (framesDone / framesTotal) * 0.98 : 0,
    };
  };
  const emit = (force: boolean) => {
    if (!onUpdate) return;
    const t = now();
    if (!force && t - lastEmit < throttleMs) return;
    lastEmit = t;
    onUpdate(snapshot());
  };
  return {
    stage(next) {
      stage = next;
      emit(true);
    },
    frameDone() {
      framesDone++;
      const t = now();
      stamps.push([t, framesDone]);
      // Trimmed here too: without an onUpdate nothing else would, and a long render would keep a stamp per frame.
      trim(t);
      emit(framesDone === framesTotal);
    },
    current: snapshot,
  };
}
