/**
 * Helpers of the REST API tests: a data folder per test, an app built with `buildApp`
 * (app.inject for most tests, listen on 127.0.0.1:0 where a real socket matters), keys, and
 * tiny compositions (64×48, 1 s, 10 fps) that render in about a second.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.js';
import { testConfig, type ServerConfig } from '../../server/config.js';

export interface TestApp {
  app: FastifyInstance;
  config: ServerConfig;
  dataDir: string;
  /** Creates an API key; returns the key. */
  key(name?: string, credits?: number): string;
  close(): Promise<void>;
}

/** A fresh data folder under the OS temp folder. */
export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'framesmith-api-'));
}

/** Builds (and readies) an app on `dataDir`; removes the folder on close unless `keepData`. */
export async function buildTestApp(opts: { dataDir?: string; keepData?: boolean; config?: Partial<ServerConfig> } = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? await tempDataDir();
  const config = testConfig({ dataDir, webhookAllowPrivate: true, ...opts.config });
  const app = await buildApp(config);
  await app.ready();
  return {
    app,
    config,
    dataDir,
    key: (name = 'test', credits = 100) => app.store.keys.create(name, credits).key,
    async close() {
      await app.close();
      if (!opts.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The smallest composition worth rendering: 64×48, `seconds` long at 10 fps. */
export function tinyComposition(seconds = 1, text = 'Hi'): Record<string, unknown> {
  return {
    meta: { version: '2.0.0', width: 64, height: 48, fps: 10, background: '#123456' },
    tracks: [{
      clips: [
        { type: 'rect', start: 0, duration: seconds, transform: { x: 32, y: 24, width: 40, height: 20 }, style: { fill: '#ff8800' } },
        { type: 'text', text, start: 0, duration: seconds, style: { fontSize: 14 } },
      ],
    }],
  };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** The parsed JSON body of an inject response. */
export function json<T = Record<string, any>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** Polls `GET /api/v1/video/:taskId` until the task leaves `rendering`. */
export async function waitForTask(app: FastifyInstance, key: string, taskId: string, timeoutMs = 60_000): Promise<Record<string, any>> {
  const started = Date.now();
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/video/${taskId}`, headers: bearer(key) });
    const body = json(res);
    if (body.status !== 'rendering' && body.status !== 'created') return body;
    if (Date.now() - started > timeoutMs) throw new Error(`task ${taskId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
