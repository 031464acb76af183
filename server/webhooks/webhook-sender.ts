/**
 * Webhook delivery: the documented payload POSTed to `webhook_url`, signed with the owner key's
 * webhook secret, one immediate attempt and then retries after each delay of the schedule while
 * the receiver does not answer 2xx. Deliveries live in the database, so a restart resumes
 * pending retries.
 *
 * Two signature schemes, chosen per delivery: the REST API's
 * `X-Framesmith-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, and the Framelane API's
 * `Framelane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (digest §7.1),
 * whose timestamp is that of each attempt, so a retry passes a receiver's freshness check.
 *
 * Targets pass the engine's address guard: loopback, private, link-local and other non-public
 * addresses are refused unless the configuration allows them, and the address connected to is
 * the one checked (no DNS rebinding between check and connect).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import {
  AddressRefusedError, createGuardedLookup, refusalReason, resolveCheckedAddresses, type PrivateAddressPolicy,
} from '../../engine/assets/address-guard.js';
import type { DeliveryRecord, SignatureScheme, WebhooksStore } from '../store/webhooks-store.js';

/** The documented webhook body (spec digest §7.2). */
export interface WebhookPayload {
  taskId: string;
  renderTaskId: string;
  status: 'completed' | 'failed';
  videoUrl?: string;
  error?: string;
  timestamp: string;
}

export const SIGNATURE_HEADER = 'x-framesmith-signature';
export const FRAMELANE_SIGNATURE_HEADER = 'framelane-signature';
const USER_AGENT = 'framesmith-webhooks/1';

/** `sha256=<hex>` of `body` under `secret`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under `secret` (Framelane, digest §7.1). */
export function signFramelaneBody(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex')}`;
}

/** The signature header of one attempt in `scheme`. */
function signatureHeader(scheme: SignatureScheme, secret: string, body: string): Record<string, string> {
  return scheme === 'framelane' ? { [FRAMELANE_SIGNATURE_HEADER]: signFramelaneBody(secret, body) } : { [SIGNATURE_HEADER]: signWebhookBody(secret, body) };
}

/** A delivery to make: the REST API's payload, or any event body with its name (`/v1` events). */
export type NotifyInput = { ownerId: string; taskId: string; url: string } & (
  | { payload: WebhookPayload }
  | {
      /** The event body, sent as JSON. */
      payload: object;
      /** `render.completed`, `render.progress`, … */
      event: string;
      renderId: string;
      scheme: SignatureScheme;
      /** False: a single attempt, no retries. Default true. */
      retry?: boolean;
      /**
       * This delivery ends the render's deliveries of that event: those not attempted yet are
       * `skipped`, and its first attempt waits until attempts of that event in flight have ended.
       */
      supersedes?: string;
      /** Not created (notify returns undefined) once the render has a delivery of one of these events. */
      unlessAfter?: readonly string[];
    }
);

export interface WebhookSenderOptions {
  store: WebhooksStore;
  /** The signing secret of an owner (its API key's webhook secret). */
  secretOf: (ownerId: string) => string | undefined;
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  allowPrivate: PrivateAddressPolicy;
  log: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
}

export interface WebhookSender {
  /** Persists a delivery of `payload` to `url` and attempts it now (undefined: not created, see `unlessAfter`). */
  notify(input: NotifyInput): DeliveryRecord | undefined;
  /** Schedules every pending delivery (at start). */
  resume(): void;
  /** Cancels timers and in-flight attempts; they stay pending for the next start. */
  close(): Promise<void>;
}

/**
 * Why `url` cannot be fetched from or posted to under `policy`, or undefined when it can; the
 * message starts with `field`. Checks the scheme and, for IP literals and names that resolve now,
 * the address guard (an unresolvable name is accepted: the request will fail and say so).
 */
export async function outboundUrlProblem(url: string, policy: PrivateAddressPolicy, field: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${field} is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${field} must be an http(s) URL`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const reason = refusalReason(host, policy);
    return reason ? `${field} ${reason}` : undefined;
  }
  try {
    await resolveCheckedAddresses(host, policy);
  } catch (err) {
    if (err instanceof AddressRefusedError && /^refused/.test(err.message)) return `${field} ${err.message}`;
  }
  return undefined;
}

/** Why `url` cannot be a webhook target ({@link outboundUrlProblem} for `webhook_url`). */
export function webhookUrlProblem(url: string, policy: PrivateAddressPolicy): Promise<string | undefined> {
  return outboundUrlProblem(url, policy, 'webhook_url');
}

interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

async function post(url: string, body: string, headers: Record<string, string>, policy: PrivateAddressPolicy, signal: AbortSignal): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): AttemptOutcome => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300, statusCode, error, durationMs: performance.now() - started,
  });
  try {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // Node skips `lookup` for IP literals: check them here.
    if (isIP(host) !== 0) await resolveCheckedAddresses(host, policy);
    const lib = target.protocol === 'https:' ? https : http;
    const statusCode = await new Promise<number>((resolve, reject) => {
      const req = lib.request(target, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: createGuardedLookup(policy),
        signal,
      }, (res) => {
        res.resume(); // the answer's body is not needed
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    return done(statusCode, statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`);
  } catch (err) {
    if (signal.aborted) {
      const reason = signal.reason as unknown;
      return done(null, reason instanceof Error && reason.name === 'TimeoutError' ? 'no answer within the timeout' : 'aborted');
    }
    const code = (err as NodeJS.ErrnoException).code;
    return done(null, err instanceof AddressRefusedError ? err.message : code ? `${code}: ${(err as Error).message}` : String((err as Error).message ?? err));
  }
}

export function createWebhookSender(opts: WebhookSenderOptions): WebhookSender {
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void>; delivery: DeliveryRecord }>();
  /** Delivery id → the event whose attempts in flight (same render) its first attempt waits for. */
  const waits = new Map<string, string>();
  let closed = false;

  const inFlightOf = (d: DeliveryRecord, event: string): Array<Promise<void>> => [...inFlight.values()]
    .filter((f) => f.delivery.taskId === d.taskId && f.delivery.renderId === d.renderId && f.delivery.event === event)
    .map((f) => f.done);

  const attempt = async (id: string): Promise<void> => {
    timers.delete(id);
    const d = opts.store.get(id);
    if (!d || d.status !== 'pending' || closed || inFlight.has(id)) return;
    const secret = opts.secretOf(d.ownerId);
    const controller = new AbortController();
    const before = waits.get(id);
    waits.delete(id);
    const run = (async () => {
      if (before !== undefined) await Promise.allSettled(inFlightOf(d, before));
      if (controller.signal.aborted) return; // shut down while waiting: attempted at the next start
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(opts.timeoutMs)]);
      const outcome = secret === undefined
        ? { ok: false, statusCode: null, error: 'the API key that owns this task no longer exists', durationMs: 0 }
        : await post(d.url, d.body, {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...signatureHeader(d.scheme, secret, d.body),
          'x-framesmith-event': d.event,
          'x-framesmith-delivery': d.id,
          'x-framesmith-attempt': String(d.attempts + 1),
        }, opts.allowPrivate, signal);
      // Shutting down: this attempt does not count, it is made again at the next start.
      if (closed && controller.signal.aborted) return;
      const delay = secret === undefined || !d.retry ? undefined : opts.retryDelaysMs[d.attempts];
      const next = outcome.ok || delay === undefined ? null : Date.now() + delay;
      const saved = opts.store.recordAttempt(id, { ...outcome, nextAttemptAt: next });
      const logObj = { deliveryId: id, taskId: d.taskId, attempt: d.attempts + 1, statusCode: outcome.statusCode, error: outcome.error };
      if (outcome.ok) opts.log.info(logObj, 'webhook delivered');
      else opts.log.warn({ ...logObj, nextAttemptAt: next }, next === null ? 'webhook failed for good' : 'webhook attempt failed');
      if (saved && saved.status === 'pending') schedule(saved);
    })();
    const done = run.finally(() => inFlight.delete(id));
    inFlight.set(id, { controller, done, delivery: d });
    await done;
  };

  const schedule = (d: DeliveryRecord): void => {
    if (closed || d.status !== 'pending' || timers.has(d.id)) return;
    const wait = Math.max(0, (d.nextAttemptAt ?? Date.now()) - Date.now());
    const timer = setTimeout(() => void attempt(d.id), wait);
    timer.unref();
    timers.set(d.id, timer);
  };

  return {
    notify(input) {
      const body = JSON.stringify(input.payload);
      const framelane = 'event' in input ? input : undefined;
      if (framelane?.unlessAfter && opts.store.hasEvent(framelane.taskId, framelane.renderId, framelane.unlessAfter)) return undefined;
      if (framelane?.supersedes) {
        const reason = `not sent: ${framelane.event} was queued first`;
        for (const skipped of opts.store.skipUnattempted(framelane.taskId, framelane.renderId, framelane.supersedes, reason, new Set(inFlight.keys()))) {
          clearTimeout(timers.get(skipped));
          timers.delete(skipped);
        }
      }
      const d = opts.store.create('event' in input
        ? { ownerId: input.ownerId, taskId: input.taskId, renderId: input.renderId, url: input.url, event: input.event, body, scheme: input.scheme, retry: input.retry }
        : {
          ownerId: input.ownerId, taskId: input.taskId, renderId: input.payload.renderTaskId, url: input.url,
          event: `render.${input.payload.status}`, body,
        });
      if (framelane?.supersedes) waits.set(d.id, framelane.supersedes);
      schedule(d);
      return d;
    },
    resume() {
      for (const d of opts.store.pending()) schedule(d);
    },
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      const runs = [...inFlight.values()];
      for (const r of runs) r.controller.abort();
      await Promise.all(runs.map((r) => r.done));
    },
  };
}
