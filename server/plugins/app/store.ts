/** Decorates `store` (SQLite), `storage` (data folder, signed URLs) and `uploadUrls`; sweeps expired previews. */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createStorage } from '../../storage/storage.js';
import { createStore } from '../../store/store.js';
import { createUploadUrls } from '../../uploads/upload-urls.js';

/** How often expired previews are deleted (they are refused on read as soon as they expire). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

async function storePlugin(app: FastifyInstance): Promise<void> {
  const storage = createStorage(app.config.dataDir, app.config.publicUrl);
  const store = createStore(app.config.databasePath);
  app.decorate('storage', storage);
  app.decorate('store', store);
  app.decorate('uploadUrls', createUploadUrls(store.files, storage));
  const sweep = () => {
    const removed = store.files.sweepPreviews();
    if (removed > 0) app.log.info({ removed }, 'expired previews deleted');
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    // Left by uploads cut short when the previous process stopped; nothing uses tmp/ before ready.
    for (const name of await readdir(storage.tmpDir)) await rm(path.join(storage.tmpDir, name), { recursive: true, force: true });
    sweep();
    timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    store.close();
  });
}

export default fp(storePlugin, { name: 'store', dependencies: ['config'] });
