/**
 * The content-addressed media cache: downloaded URLs and decoded data URIs become files that
 * ffmpeg can read.
 *
 * Layout of the cache folder (`FRAMESMITH_CACHE_DIR`, default `<os.tmpdir()>/framesmith-cache`):
 *
 * ```
 * objects/<sha256 of the content>.<ext>   the bytes, stored once whatever URL they came from
 * urls/<sha256 of the URL>.json           { url, file, sha256, bytes, contentType, storedAt }
 * tmp/                                    downloads in progress (same file system: rename is atomic)
 * ```
 *
 * Every file is written under `tmp/` and renamed into place, so another process (or a crash)
 * never sees a partial object or index entry; a failed download removes its temporary file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where the cache lives: `FRAMESMITH_CACHE_DIR`, else `<os.tmpdir()>/framesmith-cache`. */
export function cacheDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FRAMESMITH_CACHE_DIR?.trim();
  return dir ? path.resolve(dir) : path.join(tmpdir(), 'framesmith-cache');
}

/** Hex sha256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The index entry of a cached URL. */
export interface CachedUrlEntry {
  url: string;
  /** Absolute path of the object file. */
  file: string;
  sha256: string;
  bytes: number;
  contentType?: string;
  storedAt: string;
}

const EXTENSION_RE = /^[a-z0-9]{1,8}$/;

/** A safe file extension (lower-case, 1–8 alphanumerics) or undefined. */
export function safeExtension(ext: string | undefined): string | undefined {
  const e = (ext ?? '').replace(/^\./, '').toLowerCase();
  return EXTENSION_RE.test(e) ? e : undefined;
}

const MIME_EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg',
  'image/avif': 'avif', 'image/bmp': 'bmp',
  'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov', 'video/x-matroska': 'mkv', 'video/mp2t': 'ts',
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav',
  'audio/ogg': 'ogg', 'audio/opus': 'opus', 'audio/webm': 'webm', 'audio/aac': 'aac', 'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a', 'audio/flac': 'flac', 'audio/x-flac': 'flac',
  'font/ttf': 'ttf', 'font/otf': 'otf', 'font/woff': 'woff', 'font/woff2': 'woff2',
  'application/json': 'json', 'text/plain': 'txt',
};

/** A file extension for a MIME type (`video/mp4` → `mp4`), or undefined. */
export function extensionForMime(mime: string | undefined): string | undefined {
  const type = (mime ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_EXTENSIONS[type];
}

function objectsDir(dir: string): string {
  return path.join(dir, 'objects');
}

function urlIndexFile(dir: string, url: string): string {
  return path.join(dir, 'urls', `${sha256Hex(url)}.json`);
}

async function tmpPath(dir: string, suffix: string): Promise<string> {
  const tmp = path.join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  return path.join(tmp, `${process.pid}-${randomBytes(8).toString('hex')}${suffix}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Writes `data` to `file` atomically (temporary file in the cache's tmp/, then rename). */
async function writeAtomic(dir: string, file: string, data: string | Uint8Array): Promise<void> {
  const tmp = await tmpPath(dir, '.part');
  try {
    await writeFile(tmp, data);
    await mkdir(path.dirname(file), { recursive: true });
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** The cached entry for `url` when both its index entry and its object file exist. */
export async function lookupCachedUrl(dir: string, url: string): Promise<CachedUrlEntry | undefined> {
  let entry: CachedUrlEntry;
  try {
    entry = JSON.parse(await readFile(urlIndexFile(dir, url), 'utf8')) as CachedUrlEntry;
  } catch {
    return undefined;
  }
  if (entry.url !== url || typeof entry.sha256 !== 'string') return undefined;
  const file = path.join(objectsDir(dir), path.basename(entry.file));
  return (await exists(file)) ? { ...entry, file } : undefined;
}

/** Records that `url` is stored in the object `file` (atomically). */
export async function recordCachedUrl(dir: string, entry: Omit<CachedUrlEntry, 'storedAt'>): Promise<CachedUrlEntry> {
  const full: CachedUrlEntry = { ...entry, storedAt: new Date().toISOString() };
  await writeAtomic(dir, urlIndexFile(dir, entry.url), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/** Stores bytes already in memory (a decoded data URI) and returns the object's path. */
export async function storeBytes(dir: string, bytes: Uint8Array, ext?: string): Promise<string> {
  const sha = sha256Hex(bytes);
  const file = objectPath(dir, sha, ext);
  if (!(await exists(file))) await writeAtomic(dir, file, bytes);
  return file;
}

function objectPath(dir: string, sha: string, ext: string | undefined): string {
  const e = safeExtension(ext);
  return path.join(objectsDir(dir), e ? `${sha}.${e}` : sha);
}

/** A download in progress: bytes are streamed to a temporary file and hashed on the way. */
export interface CacheWriter {
  /** Bytes written so far. */
  readonly bytes: number;
  /** Appends a chunk (resolves after the file stream accepted it, respecting back-pressure). */
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file and moves it to `objects/<sha256>.<ext>`; returns its path and hash. */
  commit(ext?: string): Promise<{ file: string; sha256: string; bytes: number }>;
  /** Drops the temporary file. Safe to call more than once and after commit. */
  abort(): Promise<void>;
}

/** Starts a download into the cache at `dir`. */
export async function createCacheWriter(dir: string): Promise<CacheWriter> {
  const tmp = await tmpPath(dir, '.part');
  const stream: WriteStream = createWriteStream(tmp, { flags: 'wx' });
  const hash = createHash('sha256');
  let bytes = 0;
  let done = false;
  let streamError: Error | undefined;
  stream.on('error', (err) => (streamError ??= err));
  const closed = (): Promise<void> =>
    new Promise((resolve) => {
      if (stream.closed) resolve();
      else stream.once('close', () => resolve());
    });
  return {
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      if (streamError) throw streamError;
      hash.update(chunk);
      bytes += chunk.length;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = (): void => { stream.off('error', onError); resolve(); };
          const onError = (err: Error): void => { stream.off('drain', onDrain); reject(err); };
          stream.once('drain', onDrain);
          stream.once('error', onError);
        });
      }
    },
    async commit(ext) {
      if (done) throw new Error('cache writer already finished');
      done = true;
      await new Promise<void>((resolve, reject) => {
        if (streamError) { reject(streamError); return; }
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }).catch(async (err) => {
        await unlink(tmp).catch(() => undefined);
        throw err;
      });
      const sha = hash.digest('hex');
      const file = objectPath(dir, sha, ext);
      try {
        if (await exists(file)) {
          await unlink(tmp);
        } else {
          await mkdir(path.dirname(file), { recursive: true });
          await rename(tmp, file);
        }
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      return { file, sha256: sha, bytes };
    },
    async abort() {
      if (!done) {
        done = true;
        stream.destroy();
        await closed();
      }
      await unlink(tmp).catch(() => undefined);
    },
  };
}
