/**
 * Downloading http(s) media into the content-addressed cache, behind the address guard.
 *
 * - Every hop (the URL and each redirect, at most 5) connects only to addresses the guard has
 *   checked: the request's `lookup` resolves, checks and pins (address-guard.ts); IP-literal hosts
 *   are checked before the request.
 * - A size limit (Content-Length checked first, then the bytes counted as they arrive) and one
 *   overall timeout for the whole download, redirects included.
 * - A URL already in the cache is not fetched again (media URLs are treated as immutable; clear
 *   the cache folder to refetch). Concurrent reads of one URL in this process share one download.
 *
 * Failures are FramesmithError ERR_ASSET_UNREADABLE naming the JSON pointer, the URL and the
 * reason; cancelling through `signal` is ERR_RENDER_CANCELLED.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import path from 'node:path';
import { cancelledError, FramesmithError } from '../errors.js';
import {
  AddressRefusedError,
  createGuardedLookup,
  resolveCheckedAddresses,
  type HostResolver,
  type PrivateAddressPolicy,
} from './address-guard.js';
import {
  createCacheWriter,
  extensionForMime,
  lookupCachedUrl,
  recordCachedUrl,
  safeExtension,
  type CacheWriter,
} from './media-cache.js';

/** Everything {@link fetchRemoteToCache} needs; see `resolveMediaSettings` in read-media.ts for the defaults. */
export interface FetchRemoteOptions {
  /** JSON pointer of the field that named the URL, for messages. */
  pointer: string;
  maxBytes: number;
  timeoutMs: number;
  allowPrivateAddresses: PrivateAddressPolicy;
  cacheDir: string;
  maxRedirects: number;
  signal?: AbortSignal | undefined;
  /** Host name resolution (tests inject one); default `dns.lookup(all: true)`. */
  resolver?: HostResolver | undefined;
}

/** A URL in the cache. */
export interface FetchedMedia {
  /** Absolute path of the cached file. */
  file: string;
  bytes: number;
  sha256: string;
  contentType?: string | undefined;
  /** True when no request was made (the URL was already cached). */
  fromCache: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const inFlight = new Map<string, Promise<FetchedMedia>>();

/** "30 s", "0.25 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`;
}

/** "https://host/path?…" shortened for messages (query strings may be long or secret-looking). */
function shownUrl(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/** The error for a URL that could not be fetched. */
export function remoteMediaError(pointer: string, url: string, reason: string, cause?: unknown): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${pointer}: "${shownUrl(url)}": ${reason}`, {
    stage: 'fetch',
    cause,
    details: { pointer, uri: url, reason },
  });
}

function cancelled(reason: unknown): FramesmithError {
  return cancelledError('fetch', 'while fetching media', reason);
}

/**
 * Returns the cached file of `url`, downloading it first when needed.
 *
 * @throws FramesmithError ERR_ASSET_UNREADABLE (refused address, HTTP status, size limit,
 *   timeout, too many redirects, network error), ERR_RENDER_CANCELLED when `signal` aborts.
 */
export async function fetchRemoteToCache(url: string, opts: FetchRemoteOptions): Promise<FetchedMedia> {
  if (opts.signal?.aborted) throw cancelled(opts.signal.reason);
  const cached = await lookupCachedUrl(opts.cacheDir, url);
  if (cached) {
    if (cached.bytes > opts.maxBytes) {
      throw remoteMediaError(opts.pointer, url, `over the ${opts.maxBytes}-byte limit (${cached.bytes} bytes)`);
    }
    return { file: cached.file, bytes: cached.bytes, sha256: cached.sha256, contentType: cached.contentType, fromCache: true };
  }
  const key = `${opts.cacheDir}\n${url}`;
  const running = inFlight.get(key);
  if (running) return running.then((r) => ({ ...r, fromCache: true }));
  const job = download(url, opts).finally(() => inFlight.delete(key));
  inFlight.set(key, job);
  return job;
}

async function download(url: string, opts: FetchRemoteOptions): Promise<FetchedMedia> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), opts.timeoutMs);
  const onCancel = (): void => timeout.abort();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  let writer: CacheWriter | undefined;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const target = parseHttpUrl(current, opts, url);
      const res = await request(target, opts, timeout.signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        res.destroy();
        if (hop >= opts.maxRedirects) throw remoteMediaError(opts.pointer, url, `more than ${opts.maxRedirects} redirects`);
        current = new URL(res.headers.location, target).toString();
        continue;
      }
      if (status < 200 || status > 299) {
        res.resume();
        res.destroy();
        const via = current === url ? '' : ` (from ${shownUrl(current)})`;
        throw remoteMediaError(opts.pointer, url, `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${via}`);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        throw remoteMediaError(opts.pointer, url, `over the ${opts.maxBytes}-byte limit (Content-Length ${declared})`);
      }
      writer = await createCacheWriter(opts.cacheDir);
      for await (const chunk of res as AsyncIterable<Buffer>) {
        if (writer.bytes + chunk.length > opts.maxBytes) {
          res.destroy();
          throw remoteMediaError(opts.pointer, url, `over the ${opts.maxBytes}-byte limit`);
        }
        await writer.write(chunk);
      }
      if (!res.complete) throw remoteMediaError(opts.pointer, url, 'the connection closed before the whole body arrived');
      const contentType = res.headers['content-type'];
      const ext = safeExtension(path.extname(target.pathname)) ?? extensionForMime(contentType);
      const stored = await writer.commit(ext);
      writer = undefined;
      await recordCachedUrl(opts.cacheDir, { url, file: stored.file, sha256: stored.sha256, bytes: stored.bytes, contentType });
      return { ...stored, contentType, fromCache: false };
    }
  } catch (err) {
    await writer?.abort();
    if (opts.signal?.aborted) throw cancelled(opts.signal.reason);
    if (timeout.signal.aborted) throw remoteMediaError(opts.pointer, url, `timed out after ${formatSeconds(opts.timeoutMs)}`, err);
    if (err instanceof FramesmithError) throw err;
    if (err instanceof AddressRefusedError) throw remoteMediaError(opts.pointer, url, err.reason, err);
    const code = (err as NodeJS.ErrnoException).code;
    const what = err instanceof Error ? err.message : String(err);
    throw remoteMediaError(opts.pointer, url, `network error (${code ?? what})`, err);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
}

function parseHttpUrl(text: string, opts: FetchRemoteOptions, original: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch (cause) {
    throw remoteMediaError(opts.pointer, original, `"${shownUrl(text)}" is not a valid URL`, cause);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw remoteMediaError(opts.pointer, original, `refused: ${u.protocol} URLs are not fetched (redirected to ${shownUrl(text)})`);
  }
  if (u.username || u.password) {
    throw remoteMediaError(opts.pointer, original, 'refused: URLs with credentials are not fetched');
  }
  return u;
}

/** One GET, connecting only to checked addresses; resolves with the response head. */
async function request(u: URL, opts: FetchRemoteOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  // Node does not call `lookup` for IP literals: check them here.
  if (isIP(host) !== 0) await resolveCheckedAddresses(host, opts.allowPrivateAddresses, opts.resolver);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, {
      method: 'GET',
      agent: false, // no pooled sockets: each connection goes through this request's lookup
      lookup: createGuardedLookup(opts.allowPrivateAddresses, opts.resolver),
      signal,
      headers: { 'user-agent': 'framesmith', 'accept-encoding': 'identity', accept: '*/*' },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}
