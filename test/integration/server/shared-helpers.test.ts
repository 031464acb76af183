/**
 * Helpers both APIs share (REST and /v1), checked on their own: the signed-URL verdict with the
 * seconds left, which each API maps to its own error; a task's webhook deliveries with their
 * attempts in one store call; progress written at a bounded rate; restart recovery.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { interruptedMessage, PROGRESS_WRITE_MS, recoverUnfinished, throttledProgress } from '../../../server/render/render-lifecycle.js';
import { checkSignedUrl, createStorage, type Storage } from '../../../server/storage/storage.js';
import { buildTestApp, tempDataDir } from '../helpers.js';

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = await tempDataDir();
  storage = createStorage(dir, 'http://127.0.0.1:3000');
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('checkSignedUrl', () => {
  const now = 1_700_000_000_000;
  const signed = (pathname: string, ttl: number) => {
    const u = new URL(storage.signedUrl(pathname, ttl, now));
    return { url: `${u.pathname}${u.search}`, query: Object.fromEntries(u.searchParams) as { expires?: string; sig?: string } };
  };

  test('ok with the seconds left; expired once past; invalid when the path, expiry or signature changed', () => {
    const { url, query } = signed('/dl/files/f1/a.png', 600);
    expect(checkSignedUrl(storage, url, query, now)).toEqual({ verdict: 'ok', secondsLeft: 600 });
    expect(checkSignedUrl(storage, url, query, now + 601_000)).toMatchObject({ verdict: 'expired' });
    expect(checkSignedUrl(storage, url, query, now + 601_000).secondsLeft).toBeLessThan(0);
    expect(checkSignedUrl(storage, url.replace('a.png', 'b.png'), query, now).verdict).toBe('invalid');
    expect(checkSignedUrl(storage, url, { ...query, expires: String(Number(query.expires) + 1) }, now).verdict).toBe('invalid');
    expect(checkSignedUrl(storage, url, { expires: query.expires }, now).verdict).toBe('invalid');
  });
});

describe('webhook deliveries with their attempts', () => {
  test('each delivery of the task carries its own attempts, oldest first; other tasks\' are left out', async () => {
    const t = await buildTestApp();
    try {
      const hooks = t.app.store.webhooks;
      const base = { ownerId: 'o1', renderId: 'r1', url: 'http://127.0.0.1:9/hook', body: '{}' };
      const first = hooks.create({ ...base, taskId: 't1', event: 'video.completed' });
      const second = hooks.create({ ...base, taskId: 't1', event: 'video.failed' });
      const other = hooks.create({ ...base, taskId: 't2', event: 'video.completed' });
      hooks.recordAttempt(first.id, { statusCode: 500, error: 'HTTP 500', durationMs: 5, ok: false, nextAttemptAt: Date.now() + 1000 });
      hooks.recordAttempt(first.id, { statusCode: 200, error: null, durationMs: 7, ok: true, nextAttemptAt: null });
      hooks.recordAttempt(other.id, { statusCode: 200, error: null, durationMs: 1, ok: true, nextAttemptAt: null });
      const listed = hooks.forTaskWithAttempts('t1');
      expect(listed.map((d) => d.id)).toEqual([first.id, second.id]);
      expect(listed[0]!.log.map((a) => [a.attempt, a.statusCode, a.durationMs])).toEqual([[1, 500, 5], [2, 200, 7]]);
      expect(listed[0]!.status).toBe('delivered');
      expect(listed[1]!.log).toEqual([]);
      expect(hooks.forTaskWithAttempts('nothing')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('render lifecycle', () => {
  test('progress goes through at most every PROGRESS_WRITE_MS; the first update and done always do', () => {
    let clock = 1_000_000;
    const written: string[] = [];
    const report = throttledProgress((p) => written.push(`${p.stage}@${p.fraction}`), () => clock);
    const at = (stage: 'render' | 'done', fraction: number) => report({ stage, fraction } as Parameters<typeof report>[0]);
    at('render', 0.1);
    clock += PROGRESS_WRITE_MS - 1;
    at('render', 0.2);
    clock += 1;
    at('render', 0.3);
    at('done', 1);
    expect(written).toEqual(['render@0.1', 'render@0.3', 'done@1']);
  });

  test('recovery re-queues waiting renders, re-queues a running one once more, fails it at maxAttempts', () => {
    const renders = [
      { id: 'waiting', interruptions: 5, running: false },
      { id: 'again', interruptions: 0, running: true },
      { id: 'worn', interruptions: 2, running: true },
    ];
    const log: string[] = [];
    const counts = recoverUnfinished(renders, {
      maxAttempts: 3,
      wasRunning: (r) => r.running,
      fail: (r, message) => log.push(`fail ${r.id}: ${message}`),
      requeue: (r) => log.push(`requeue ${r.id}`),
      enqueue: (r) => log.push(`enqueue ${r.id}`),
    });
    expect(counts).toEqual({ requeued: 2, failed: 1 });
    expect(log).toEqual(['enqueue waiting', 'requeue again', 'enqueue again', `fail worn: ${interruptedMessage(3)}`]);
    expect(interruptedMessage(3)).toBe('the server stopped during this render 3 times; it was not retried again');
  });
});
