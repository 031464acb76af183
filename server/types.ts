/** The decorators the server's plugins add to Fastify (declaration merging). */
import type { ServerConfig } from './config.js';
import type { RenderDriver } from './render/render-driver.js';
import type { RenderProcessor } from './render/process-render.js';
import type { Storage } from './storage/storage.js';
import type { ApiKeyRecord } from './store/keys-store.js';
import type { Store } from './store/store.js';
import type { TaskService } from './tasks/task-service.js';
import type { UploadUrls } from './uploads/upload-urls.js';
import type { WebhookSender } from './webhooks/webhook-sender.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    store: Store;
    storage: Storage;
    uploadUrls: UploadUrls;
    webhooks: WebhookSender;
    renderDriver: RenderDriver;
    renderProcessor: RenderProcessor;
    tasks: TaskService;
  }
  interface FastifyRequest {
    /** The API key of an authenticated request (routes under /api/v1). */
    apiKey: ApiKeyRecord | null;
  }
  interface FastifyContextConfig {
    /** Error code for a body that fails the route schema (default INVALID_REQUEST). */
    invalidBodyCode?: 'INVALID_REQUEST' | 'INVALID_CONFIG';
    /** Only errors under this body pointer use `invalidBodyCode`. */
    invalidBodyPointer?: string;
  }
}

export {};
