/**
 * The data folder: uploads, rendered videos, temporary files, and the secret that signs
 * download URLs. A signed URL carries `expires` (unix seconds) and `sig`, the hex
 * HMAC-SHA256 of `<path>\n<expires>` keyed with that secret, so it opens exactly one
 * resource until it expires, with no API key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

export type SignatureCheck = 'ok' | 'expired' | 'invalid';

export interface Storage {
  dataDir: string;
  /** Folder of one owner's uploads (created on demand). */
  uploadsDir(ownerId: string): string;
  /** Folder of one task's renders. */
  rendersDir(taskId: string): string;
  /** Scratch folder on the same file system as the data (for atomic moves). */
  tmpDir: string;
  /** Absolute path of a path stored relative to the data folder; refuses paths that leave it. */
  resolve(relative: string): string;
  /** The stored (relative) form of an absolute path inside the data folder. */
  relative(absolute: string): string;
  /** Removes a stored file or folder; missing is fine. */
  remove(relative: string): Promise<void>;
  /** Absolute URL of `pathname` (which starts with `/`) under the public base URL. */
  url(pathname: string): string;
  /** Absolute signed URL of `pathname`, valid for `ttlSeconds`. */
  signedUrl(pathname: string, ttlSeconds: number, now?: number): string;
  verify(pathname: string, expires: string | undefined, sig: string | undefined, now?: number): SignatureCheck;
}

/** A signed URL's verdict, and the seconds it has left (negative once expired). */
export interface SignedUrlCheck {
  verdict: SignatureCheck;
  secondsLeft: number;
}

/**
 * Checks the signed URL a request came in on (`request.url`: path and `?expires=&sig=`). Each
 * API answers a verdict other than `ok` with its own error; `secondsLeft` bounds how long the
 * answer may be cached.
 */
export function checkSignedUrl(storage: Storage, url: string, query: { expires?: string; sig?: string }, now = Date.now()): SignedUrlCheck {
  const verdict = storage.verify(url.split('?')[0]!, query.expires, query.sig, now);
  return { verdict, secondsLeft: Number(query.expires) - now / 1000 };
}

/** Reads the signing secret from `<dataDir>/secret`, creating it (mode 0600) on first use. */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret');
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
    throw new Error(`${file} does not hold a 64-digit hex secret; remove it to make a new one (signed URLs in circulation stop working)`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  // 'wx': two processes starting together must not overwrite each other's secret.
  try {
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw err;
  }
  return secret;
}

function signature(secret: Buffer, pathname: string, expires: number): string {
  return createHmac('sha256', secret).update(`${pathname}\n${expires}`).digest('hex');
}

/** Creates the data folder layout and the storage helpers over it. */
export function createStorage(dataDir: string, publicUrl: string): Storage {
  const root = path.resolve(dataDir);
  for (const sub of ['uploads', 'renders', 'tmp']) mkdirSync(path.join(root, sub), { recursive: true });
  const secret = loadOrCreateSecret(root);
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  const storage: Storage = {
    dataDir: root,
    tmpDir: path.join(root, 'tmp'),
    uploadsDir: (ownerId) => path.join(root, 'uploads', ownerId),
    rendersDir: (taskId) => path.join(root, 'renders', taskId),
    resolve(relative) {
      const abs = path.resolve(root, relative);
      if (!inside(abs)) throw new Error(`stored path leaves the data folder: ${relative}`);
      return abs;
    },
    relative(absolute) {
      const abs = path.resolve(absolute);
      if (!inside(abs)) throw new Error(`not inside the data folder: ${absolute}`);
      return path.relative(root, abs).split(path.sep).join('/');
    },
    async remove(relative) {
      await rm(storage.resolve(relative), { recursive: true, force: true });
    },
    url: (pathname) => `${publicUrl}${pathname}`,
    signedUrl(pathname, ttlSeconds, now = Date.now()) {
      const expires = Math.floor(now / 1000) + ttlSeconds;
      return `${publicUrl}${pathname}?expires=${expires}&sig=${signature(secret, pathname, expires)}`;
    },
    verify(pathname, expires, sig, now = Date.now()) {
      if (!expires || !sig || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
      const expected = Buffer.from(signature(secret, pathname, Number(expires)), 'hex');
      if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
      return Number(expires) * 1000 < now ? 'expired' : 'ok';
    },
  };
  return storage;
}
