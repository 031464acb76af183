/**
 * The render queue behind one small interface, so that routes never know how renders are
 * scheduled. {@link createInProcessDriver} runs them in this process with bounded concurrency;
 * a BullMQ driver implements the same functions with a sandboxed processor calling the same
 * {@link ProcessRender}.
 */

/** Which API a job belongs to: the REST API's task renders, or the Framelane API's (`/v1/renders`). */
export type RenderJobKind = 'task' | 'framelane';

/** What a driver schedules: the render row holds everything else. */
export interface RenderJob {
  renderId: string;
  /** The task of a REST render; a Framelane render has none and repeats its own id here. */
  taskId: string;
  /** Default `task`. */
  kind?: RenderJobKind;
}

/**
 * Why a render was stopped: its task was deleted, the client cancelled it (`DELETE /v1/renders/{id}`),
 * or the server is shutting down (it is re-queued at the next start).
 */
export type CancelReason = 'deleted' | 'cancelled' | 'shutdown';

/**
 * Runs one render to its end. It must record the outcome itself and resolve (not reject) on
 * every path; when `signal` aborts, `signal.reason` is a {@link CancelReason}.
 */
export type ProcessRender = (job: RenderJob, signal: AbortSignal) => Promise<void>;

export interface RenderDriverStats {
  queued: number;
  running: number;
  concurrency: number;
}

export interface RenderDriver {
  readonly name: string;
  /**
   * Adds a job; a job whose render id is already queued or running is ignored.
   * @throws Error when the driver cannot take the job (closed: the server is shutting down), so
   * the caller fails the render and refunds it instead of leaving it queued forever.
   */
  enqueue(job: RenderJob): void;
  /** Drops a queued job or aborts a running one; resolves once it no longer runs. */
  cancel(renderId: string, reason: CancelReason): Promise<void>;
  /** 0 while running, 1.. its place in the queue, undefined when unknown to the driver. */
  position(renderId: string): number | undefined;
  stats(): RenderDriverStats;
  /** Stops taking jobs, aborts running ones with reason `shutdown` and waits for them. */
  close(): Promise<void>;
}

/** A driver that runs at most `concurrency` renders at once in this process, in FIFO order. */
export function createInProcessDriver(opts: { concurrency: number; process: ProcessRender }): RenderDriver {
  const queue: RenderJob[] = [];
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let closed = false;

  const pump = (): void => {
    while (!closed && running.size < opts.concurrency && queue.length > 0) {
      const job = queue.shift()!;
      const controller = new AbortController();
      const done = opts.process(job, controller.signal)
        .catch(() => undefined) // ProcessRender records its own failures; never let one stop the queue
        .finally(() => {
          running.delete(job.renderId);
          pump();
        });
      running.set(job.renderId, { controller, done });
    }
  };

  return {
    name: 'in-process',
    enqueue(job) {
      if (closed) throw new Error('the render queue is closed (the server is shutting down)');
      if (running.has(job.renderId) || queue.some((j) => j.renderId === job.renderId)) return;
      queue.push(job);
      // Start on the next tick: the caller's response is built before a render can change the task.
      setImmediate(pump);
    },
    async cancel(renderId, reason) {
      const at = queue.findIndex((j) => j.renderId === renderId);
      if (at >= 0) queue.splice(at, 1);
      const run = running.get(renderId);
      if (run) {
        run.controller.abort(reason);
        await run.done;
      }
    },
    position(renderId) {
      if (running.has(renderId)) return 0;
      const at = queue.findIndex((j) => j.renderId === renderId);
      return at >= 0 ? at + 1 : undefined;
    },
    stats: () => ({ queued: queue.length, running: running.size, concurrency: opts.concurrency }),
    async close() {
      closed = true;
      queue.length = 0;
      const all = [...running.values()];
      for (const run of all) run.controller.abort('shutdown' satisfies CancelReason);
      await Promise.all(all.map((r) => r.done));
    },
  };
}
