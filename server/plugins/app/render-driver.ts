/**
 * Decorates `renderDriver` (the in-process queue), `renderProcessor` and `tasks`. At start,
 * renders left queued or running by the previous process are re-queued (or failed after too
 * many interruptions); at close, running renders are aborted and left queued for the next start.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createInProcessDriver, type ProcessRender } from '../../render/render-driver.js';
import { createRenderProcessor, recoverRenders } from '../../render/process-render.js';
import { createTaskService } from '../../tasks/task-service.js';

async function renderDriverPlugin(app: FastifyInstance): Promise<void> {
  const log = app.log.child({ component: 'renders' });
  // The driver needs the processor and the processor's URLs need the task service: tie them late.
  let process: ProcessRender = async () => undefined;
  const driver = createInProcessDriver({ concurrency: app.config.renderConcurrency, process: (job, signal) => process(job, signal) });
  const tasks = createTaskService({ config: app.config, store: app.store, storage: app.storage, uploads: app.uploadUrls, driver });
  const processor = createRenderProcessor({
    config: app.config, store: app.store, storage: app.storage, uploads: app.uploadUrls, webhooks: app.webhooks, log,
    videoUrl: (task, ttl) => tasks.urls(task, ttl).videoUrl,
  });
  process = processor.process;
  app.decorate('renderDriver', driver);
  app.decorate('renderProcessor', processor);
  app.decorate('tasks', tasks);
  app.addHook('onReady', async () => {
    recoverRenders({
      store: app.store, log, maxAttempts: app.config.renderMaxAttempts,
      enqueue: (job) => driver.enqueue(job),
      onFailed: (task, renderId, url, error) => processor.sendWebhook(task, renderId, url, error),
    });
  });
  app.addHook('onClose', async () => driver.close());
}

export default fp(renderDriverPlugin, { name: 'render-driver', dependencies: ['store', 'webhook-sender'] });
