/**
 * Helpers of the Framelane API (`/v1`) tests: tiny bodies (160×90, 10 fps), polling a render,
 * uploading a file through an upload URL, a webhook receiver on 127.0.0.1, and the Framelane
 * signature check a receiver does.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { bearer } from '../helpers.js';

/** A 160×90 body at 10 fps: a coloured background and a title, `seconds` long. */
export function titleBody(seconds = 1, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    width: 160, height: 90, frame_rate: 10, duration: seconds, background_color: '#203040ff',
    elements: [{ type: 'text', id: 'title', text: 'Hello', time: 0, duration: seconds, font_size: 20, text_color: '#ffffff' }],
    ...extra,
  };
}

/** The parsed body of an inject response. */
export function body<T = Record<string, any>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** `path?query` of an absolute URL (for inject). */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** POST /v1/renders; returns the response. */
export function submit(app: FastifyInstance, key: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/renders', headers: { ...bearer(key), ...headers }, payload: payload as Record<string, unknown> });
}

/** Polls GET /v1/renders/{id} until `done` says so (default: a terminal status). */
export async function waitForRender(
  app: FastifyInstance, key: string, id: string,
  done: (job: Record<string, any>) => boolean = (j) => ['completed', 'failed', 'cancelled'].includes(j.status as string),
  timeoutMs = 60_000,
): Promise<Record<string, any>> {
  const started = Date.now();
  for (;;) {
    const job = body(await app.inject({ method: 'GET', url: `/v1/renders/${id}`, headers: bearer(key) }));
    if (done(job)) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`render ${id} still ${String(job.status)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Requests an upload URL for `contentType`, PUTs `bytes` there; returns both answers. */
export async function upload(app: FastifyInstance, key: string, contentType: string, bytes: Buffer, filename?: string) {
  const slot = await app.inject({ method: 'POST', url: '/v1/uploads', headers: bearer(key), payload: { content_type: contentType, ...(filename ? { filename } : {}) } });
  if (slot.statusCode !== 201) throw new Error(`upload slot: ${slot.statusCode} ${slot.body}`);
  const { upload_url: uploadUrl, source_url: sourceUrl } = body<{ upload_url: string; source_url: string }>(slot);
  const put = await app.inject({ method: 'PUT', url: pathOf(uploadUrl), headers: { 'content-type': contentType }, payload: bytes });
  return { slot: body(slot), put, sourceUrl, uploadUrl };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering `status` (or what `status` says for each call). */
export async function receiver(status: number | ((call: Received) => number) = 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(call);
      res.writeHead(typeof status === 'number' ? status : status(call)).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    received,
    /** Waits until a call satisfies `match`; returns it. */
    async waitFor(match: (r: Received) => boolean, timeoutMs = 30_000): Promise<Received> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no matching webhook call among ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What a receiver does with `Framelane-Signature: t=…,v1=…`: true when valid and at most `toleranceS` old. */
export function verifyFramelaneSignature(header: string | undefined, rawBody: string, secret: string, toleranceS = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const got = Buffer.from(parts.v1);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
