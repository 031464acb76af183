/** Decorates `webhooks`: persisted, signed deliveries with retries; pending ones resume at start. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createWebhookSender } from '../../webhooks/webhook-sender.js';

async function webhookSenderPlugin(app: FastifyInstance): Promise<void> {
  const sender = createWebhookSender({
    store: app.store.webhooks,
    secretOf: (ownerId) => app.store.keys.get(ownerId)?.webhookSecret,
    retryDelaysMs: app.config.webhookRetryDelaysMs,
    timeoutMs: app.config.webhookTimeoutMs,
    allowPrivate: app.config.webhookAllowPrivate,
    log: app.log.child({ component: 'webhooks' }),
  });
  app.decorate('webhooks', sender);
  app.addHook('onReady', async () => sender.resume());
  app.addHook('onClose', async () => sender.close());
}

export default fp(webhookSenderPlugin, { name: 'webhook-sender', dependencies: ['store'] });
