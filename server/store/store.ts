/** The server's data: one SQLite database, seen through one store per kind of record. */
import { openDatabase, type Db } from './database.js';
import { FilesStore } from './files-store.js';
import { FramelaneMediaStore } from './framelane-media-store.js';
import { FramelaneStore } from './framelane-store.js';
import { KeysStore } from './keys-store.js';
import { TasksStore } from './tasks-store.js';
import { WebhooksStore } from './webhooks-store.js';

export interface Store {
  db: Db;
  keys: KeysStore;
  tasks: TasksStore;
  files: FilesStore;
  webhooks: WebhooksStore;
  /** Renders of the Framelane API (`/v1`) and their idempotency keys. */
  framelane: FramelaneStore;
  /** Upload slots and imports of the Framelane API. */
  framelaneMedia: FramelaneMediaStore;
  close(): void;
}

/** Opens the database at `file` and builds the stores over it. */
export function createStore(file: string): Store {
  const db = openDatabase(file);
  const keys = new KeysStore(db);
  return {
    db,
    keys,
    tasks: new TasksStore(db, keys),
    files: new FilesStore(db),
    webhooks: new WebhooksStore(db),
    framelane: new FramelaneStore(db, keys),
    framelaneMedia: new FramelaneMediaStore(db),
    close: () => db.close(),
  };
}
