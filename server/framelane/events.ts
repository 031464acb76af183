/**
 * Webhook events of Framelane renders (digest §7.1): `render.completed`, `render.failed`,
 * `render.cancelled` and throttled `render.progress`, POSTed to the job's `webhook_url` as
 * `{ id: "evt_…", type, created_at, data: <job> }` and signed with the owner key's webhook secret
 * as `Framelane-Signature: t=<unix>,v1=<hex>`. Sent through the server's one webhook sender
 * (persisted, retried; progress events are sent once, never retried). Each event is sent after
 * the state it reports is saved.
 *
 * Order: no `render.progress` of a render is attempted once its terminal event is queued. Queuing
 * the terminal event skips the progress deliveries not attempted yet, its first attempt waits
 * until a progress attempt in flight has ended (answered or timed out), and a progress event
 * after it is not queued at all.
 */
import { ulid, type FlRenderRecord } from '../store/framelane-store.js';
import type { WebhookSender } from '../webhooks/webhook-sender.js';

export type FlEventType = 'render.completed' | 'render.failed' | 'render.cancelled' | 'render.progress';

/** The events that end a render's events. */
export const TERMINAL_EVENTS: readonly FlEventType[] = ['render.completed', 'render.failed', 'render.cancelled'];

/** A progress event is sent when progress reaches a new multiple of this many percent… */
export const PROGRESS_EVENT_STEP_PERCENT = 10;
/** …and at least this long after the previous progress event of the render. */
export const PROGRESS_EVENT_MIN_INTERVAL_MS = 2000;

export interface FramelaneEvents {
  /** Sends `type` for `render` (no-op without a `webhook_url`). */
  send(render: FlRenderRecord, type: FlEventType): void;
  /**
   * A throttle for one render's progress events: call it with every progress update; it sends
   * `render.progress` when the throttle allows.
   */
  progressThrottle(): (render: FlRenderRecord) => void;
}

export function createFramelaneEvents(deps: {
  webhooks: WebhookSender;
  /** The job object sent as `data`. */
  view: (render: FlRenderRecord) => Record<string, unknown>;
  now?: () => number;
}): FramelaneEvents {
  const now = deps.now ?? Date.now;
  const send = (render: FlRenderRecord, type: FlEventType): void => {
    if (!render.webhookUrl) return;
    const at = now();
    deps.webhooks.notify({
      ownerId: render.ownerId, taskId: render.id, renderId: render.id, url: render.webhookUrl, event: type, scheme: 'framelane',
      retry: type !== 'render.progress',
      ...(type === 'render.progress' ? { unlessAfter: TERMINAL_EVENTS } : { supersedes: 'render.progress' }),
      payload: { id: `evt_${ulid(at)}`, type, created_at: new Date(at).toISOString(), data: deps.view(render) },
    });
  };
  return {
    send,
    progressThrottle() {
      let step = 0;
      let lastAt = -Infinity;
      return (render) => {
        const reached = Math.floor(render.progressPercent / PROGRESS_EVENT_STEP_PERCENT);
        if (reached <= step || render.progressPercent >= 100 || now() - lastAt < PROGRESS_EVENT_MIN_INTERVAL_MS) return;
        step = reached;
        lastAt = now();
        send(render, 'render.progress');
      };
    },
  };
}
