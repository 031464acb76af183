/**
 * Imports run in the background of this process: each `POST /v1/imports` starts one fetch; at
 * start, imports left `processing` by the previous process are fetched again; at close, fetches in
 * flight are aborted and stay `processing` for the next start.
 */
import type { ImportRecord } from '../store/framelane-media-store.js';
import { runImport, type MediaDeps } from './media.js';

/**
 * Imports one key may have `processing` at once; one more is 429 `rate_limited` (refused, not
 * queued: docs/framelane-api.md, "Imports").
 */
export const MAX_CONCURRENT_IMPORTS_PER_KEY = 4;

export interface ImportRunner {
  start(record: ImportRecord): void;
  /** Fetches every import left `processing` (at start). */
  resume(): void;
  /** Resolves once every fetch in flight has settled (tests, close). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createImportRunner(deps: MediaDeps & { log: { error: (o: object, m: string) => void } }): ImportRunner {
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let closed = false;
  const runner: ImportRunner = {
    start(record) {
      if (closed || running.has(record.id)) return;
      const controller = new AbortController();
      const done = runImport({ ...deps, signal: controller.signal }, record)
        .catch((err: unknown) => deps.log.error({ err, importId: record.id }, 'import crashed'))
        .finally(() => running.delete(record.id));
      running.set(record.id, { controller, done });
    },
    resume() {
      for (const record of deps.store.framelaneMedia.processingImports()) runner.start(record);
    },
    async idle() {
      await Promise.all([...running.values()].map((r) => r.done));
    },
    async close() {
      closed = true;
      for (const r of running.values()) r.controller.abort();
      await runner.idle();
    },
  };
  return runner;
}
