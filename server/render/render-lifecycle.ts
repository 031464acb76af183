/**
 * Steps of a render's life that the REST task renders (process-render.ts) and the Framelane
 * renders (framelane/render-processor.ts) share: progress written at a bounded rate, and the
 * restart recovery of renders a stopped server left behind. Each API keeps its own records,
 * codes and messages; these functions only decide when and what.
 */
import type { RenderProgress } from '../../engine/progress.js';

/** How often a render's progress is written while it renders. */
export const PROGRESS_WRITE_MS = 500;

/**
 * A progress callback that passes an update on to `write` at most every {@link PROGRESS_WRITE_MS}
 * (the engine reports far more often); the `done` stage always goes through.
 */
export function throttledProgress(write: (p: RenderProgress) => void, now: () => number = Date.now): (p: RenderProgress) => void {
  let lastWrite = -Infinity;
  return (p) => {
    const at = now();
    if (at - lastWrite < PROGRESS_WRITE_MS && p.stage !== 'done') return;
    lastWrite = at;
    write(p);
  };
}

/** The message a render gets when it is failed after `times` interruptions. */
export function interruptedMessage(times: number): string {
  return `the server stopped during this render ${times} times; it was not retried again`;
}

/**
 * Restart recovery: every render left waiting goes back to the queue; one left running (the
 * process died under it) is re-queued until it has been interrupted `maxAttempts` times, then
 * failed (`fail` records it, refunds and sends the webhook) with {@link interruptedMessage}.
 */
export function recoverUnfinished<R extends { id: string; interruptions: number }>(renders: readonly R[], steps: {
  maxAttempts: number;
  /** Whether the render was running when the server stopped (not just waiting). */
  wasRunning: (render: R) => boolean;
  fail: (render: R, message: string) => void;
  /** Records one more interruption and puts the render back to waiting. */
  requeue: (render: R) => void;
  enqueue: (render: R) => void;
}): { requeued: number; failed: number } {
  let requeued = 0;
  let failed = 0;
  for (const render of renders) {
    if (steps.wasRunning(render)) {
      if (render.interruptions + 1 >= steps.maxAttempts) {
        steps.fail(render, interruptedMessage(render.interruptions + 1));
        failed++;
        continue;
      }
      steps.requeue(render);
    }
    steps.enqueue(render);
    requeued++;
  }
  return { requeued, failed };
}
