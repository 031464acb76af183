/**
 * The `url` of an uploaded file: `<PUBLIC_URL>/api/v1/files/<fileId>/content`. Fetched with the
 * owner's API key it serves the file (Range supported); named in the owner's compositions it
 * is read from the data folder, never over the network.
 */
import type { Storage } from '../storage/storage.js';
import type { FileRecord, FilesStore } from '../store/files-store.js';

export interface UploadUrls {
  /** The stable URL of a file. */
  urlOf(file: FileRecord): string;
  /** The local path of `url` when it names one of `ownerId`'s files; undefined otherwise. */
  pathOf(ownerId: string, url: string): string | undefined;
}

const FILE_PATH = /^\/api\/v1\/files\/(file_[0-9a-f]{16})\/content$/;

export function createUploadUrls(files: FilesStore, storage: Storage): UploadUrls {
  const base = storage.url('');
  return {
    urlOf: (file) => storage.url(`/api/v1/files/${file.id}/content`),
    pathOf(ownerId, url) {
      if (!url.startsWith(`${base}/api/v1/files/`)) return undefined;
      const id = FILE_PATH.exec(url.slice(base.length))?.[1];
      const file = id ? files.get(ownerId, id) : undefined;
      return file ? storage.resolve(file.path) : undefined;
    },
  };
}
