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

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Builds the app with PUBLIC_URL = its own address and listens on 127.0.0.1. */
export async function listenTestApp(opts: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await buildTestApp({ ...opts, config: { publicUrl: baseUrl, port, host: '127.0.0.1', ...opts.config } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, baseUrl };
}

/** A small real PNG: flat green, or random noise (which does not compress) with `noise`. */
export async function pngBytes(width = 8, height = 8, noise = false): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#00ff00';
  ctx.fillRect(0, 0, width, height);
  if (noise) {
    const img = ctx.getImageData(0, 0, width, height);
    for (let i = 0; i < img.data.length; i++) img.data[i] = (i % 4 === 3) ? 255 : Math.floor(Math.random() * 256);
    ctx.putImageData(img, 0, 0);
  }
  return canvas.encode('png');
}

/** A short silent WAV (PCM 16-bit mono, 8 kHz). */
export function wavBytes(samples = 800): Buffer {
  const data = Buffer.alloc(samples * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A multipart/form-data body for app.inject. */
export function multipart(parts: Array<{ field: string; filename?: string; type?: string; data: Buffer | string }>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----framesmith${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.field}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Creates a task from `config` and starts its render; returns the ids. */
export async function createAndRender(app: FastifyInstance, key: string, config: unknown, body: Record<string, unknown> = {}): Promise<{ taskId: string; renderTaskId: string; render: Record<string, any> }> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/video', headers: bearer(key), payload: { config } });
  if (created.statusCode !== 201) throw new Error(`create failed: ${created.statusCode} ${created.body}`);
  const taskId = json(created).taskId as string;
  const res = await app.inject({ method: 'POST', url: `/api/v1/video/${taskId}/render`, headers: bearer(key), payload: body });
  if (res.statusCode !== 202) throw new Error(`render failed: ${res.statusCode} ${res.body}`);
  return { taskId, renderTaskId: json(res).renderTaskId as string, render: json(res) };
}
