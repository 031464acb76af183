/**
 * Every byte of media the engine reads comes through here: local files (absolute paths after
 * compile, or `file:` URLs), `data:` URIs, and http(s) URLs (downloaded behind the address guard
 * into the content-addressed cache, see fetch-remote.ts and media-cache.ts).
 *
 * - {@link readMediaBytes}: the bytes in memory (images, SVG, fonts).
 * - {@link resolveMediaFile}: a local path ffmpeg can read (video, audio): the file itself for
 *   local paths, a cache file for data URIs and URLs.
 *
 * Errors name the JSON pointer of the field and the source.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { MediaSource } from '../model/composition.js';
import { FramesmithError } from '../errors.js';
import { privatePolicyFromEnv, type HostResolver, type PrivateAddressPolicy } from './address-guard.js';
import { fetchRemoteToCache, type FetchedMedia } from './fetch-remote.js';
import { cacheDirFromEnv, extensionForMime, storeBytes } from './media-cache.js';

/** Largest single media file read or downloaded (bytes) unless configured otherwise. */
export const DEFAULT_MAX_MEDIA_BYTES = 256 * 1024 * 1024;
/** Default timeout of one download, redirects included. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** Redirects followed per download. */
export const MAX_REDIRECTS = 5;

/** Options of {@link readMediaBytes} and {@link resolveMediaFile}. Absent fields come from `env`, then the defaults. */
export interface ReadMediaOptions {
  /** Size limit in bytes; env `FRAMESMITH_MAX_MEDIA_BYTES`; default 256 MB. */
  maxBytes?: number;
  /** Download timeout in ms; env `FRAMESMITH_FETCH_TIMEOUT_MS`; default 30 000. */
  timeoutMs?: number;
  /** Lift the address guard: `true`, or a list of CIDR ranges; env `FRAMESMITH_ALLOW_PRIVATE_MEDIA`. Default false. */
  allowPrivateAddresses?: PrivateAddressPolicy;
  /** Cache folder; env `FRAMESMITH_CACHE_DIR`; default `<os.tmpdir()>/framesmith-cache`. */
  cacheDir?: string;
  /** Cancels a download (ERR_RENDER_CANCELLED). */
  signal?: AbortSignal;
  /** Where the defaults are read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Host name resolution for remote URLs (tests); default `dns.lookup(all: true)`. */
  resolver?: HostResolver;
}

/** The settings a remote read uses, after options, environment and defaults are merged. */
export interface ResolvedMediaSettings {
  maxBytes: number;
  timeoutMs: number;
  allowPrivateAddresses: PrivateAddressPolicy;
  cacheDir: string;
}

/**
 * Merges options, environment and defaults.
 * @throws FramesmithError ERR_ASSET_UNREADABLE when an environment variable has an invalid value
 *   (a typo must not silently change a limit).
 */
export function resolveMediaSettings(options: ReadMediaOptions = {}): ResolvedMediaSettings {
  const env = options.env ?? process.env;
  let allowPrivateAddresses = options.allowPrivateAddresses;
  if (allowPrivateAddresses === undefined) {
    try {
      allowPrivateAddresses = privatePolicyFromEnv(env);
    } catch (cause) {
      throw envError('FRAMESMITH_ALLOW_PRIVATE_MEDIA', env.FRAMESMITH_ALLOW_PRIVATE_MEDIA, '1, 0 or a comma-separated list of CIDR ranges', cause);
    }
  }
  return {
    maxBytes: options.maxBytes ?? positiveIntFromEnv(env, 'FRAMESMITH_MAX_MEDIA_BYTES') ?? DEFAULT_MAX_MEDIA_BYTES,
    timeoutMs: options.timeoutMs ?? positiveIntFromEnv(env, 'FRAMESMITH_FETCH_TIMEOUT_MS') ?? DEFAULT_FETCH_TIMEOUT_MS,
    allowPrivateAddresses,
    cacheDir: options.cacheDir ?? cacheDirFromEnv(env),
  };
}

function positiveIntFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw envError(name, raw, 'a positive integer');
  return n;
}

function envError(name: string, value: string | undefined, expected: string, cause?: unknown): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${name} must be ${expected}, got "${value ?? ''}"`, {
    stage: 'fetch', cause, details: { envVar: name, value },
  });
}

function describe(source: MediaSource): string {
  const shown = source.uri.startsWith('data:') ? `${source.uri.slice(0, 32)}…` : source.uri;
  return `${source.pointer}: "${shown}"`;
}

/** What kind of source a URI is. */
export function mediaSourceKind(uri: string): 'data' | 'remote' | 'file-url' | 'local' | 'unsupported' {
  if (uri.startsWith('data:')) return 'data';
  if (/^https?:\/\//i.test(uri)) return 'remote';
  if (/^file:/i.test(uri)) return 'file-url';
  // A scheme of two letters or more (one letter could be a Windows drive).
  if (/^[a-z][a-z0-9+.-]+:/i.test(uri)) return 'unsupported';
  return 'local';
}

function decodeDataUri(source: MediaSource): { bytes: Buffer; mime: string } {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(source.uri);
  if (!match) throw new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)} is not a valid data URI`, { stage: 'fetch', details: { pointer: source.pointer } });
  const payload = match[3] ?? '';
  const mime = (match[1] ?? '').split(';')[0] ?? '';
  try {
    return { bytes: match[2] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8'), mime };
  } catch (cause) {
    throw new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)} is not a valid data URI`, { stage: 'fetch', cause, details: { pointer: source.pointer } });
  }
}

function overLimit(source: MediaSource, size: number, maxBytes: number, what = 'file'): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)}: ${what} is ${size} bytes, over the ${maxBytes}-byte limit`, {
    stage: 'fetch', details: { pointer: source.pointer, uri: source.uri.startsWith('data:') ? 'data:' : source.uri },
  });
}

function unsupported(source: MediaSource): FramesmithError {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source.uri)?.[1] ?? '';
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)}: ${scheme}: URLs are not supported (use a file path, a data: URI or an http(s) URL)`, {
    stage: 'fetch', details: { pointer: source.pointer, uri: source.uri },
  });
}

async function localFile(source: MediaSource, file: string): Promise<{ file: string; size: number }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    return { file, size: info.size };
  } catch (cause) {
    throw new FramesmithError('ERR_FILE_NOT_FOUND', `${describe(source)}: file not found`, {
      stage: 'fetch', cause, details: { pointer: source.pointer, uri: source.uri },
    });
  }
}

function fileUrlPath(source: MediaSource): string {
  try {
    return fileURLToPath(source.uri);
  } catch (cause) {
    throw new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)} is not a valid file: URL`, {
      stage: 'fetch', cause, details: { pointer: source.pointer, uri: source.uri },
    });
  }
}

/** Downloads (or finds in the cache) a remote source. */
export async function fetchRemoteMedia(source: MediaSource, options: ReadMediaOptions = {}): Promise<FetchedMedia> {
  const settings = resolveMediaSettings(options);
  return fetchRemoteToCache(source.uri, {
    pointer: source.pointer,
    maxBytes: settings.maxBytes,
    timeoutMs: settings.timeoutMs,
    allowPrivateAddresses: settings.allowPrivateAddresses,
    cacheDir: settings.cacheDir,
    maxRedirects: MAX_REDIRECTS,
    signal: options.signal,
    resolver: options.resolver,
  });
}

/**
 * The bytes of `source`, or a coded error naming the JSON pointer and the source.
 *
 * @param options the options, or (older form) just the size limit in bytes.
 * @throws FramesmithError ERR_FILE_NOT_FOUND (missing local file), ERR_ASSET_UNREADABLE (bad data
 *   URI, over the size limit, refused or failed download, unsupported scheme),
 *   ERR_RENDER_CANCELLED (signal).
 */
export async function readMediaBytes(source: MediaSource, options: ReadMediaOptions | number = {}): Promise<Buffer> {
  const opts: ReadMediaOptions = typeof options === 'number' ? { maxBytes: options } : options;
  const kind = mediaSourceKind(source.uri);
  if (kind === 'unsupported') throw unsupported(source);
  const { maxBytes } = resolveMediaSettings(opts);
  if (kind === 'data') {
    const { bytes } = decodeDataUri(source);
    if (bytes.length > maxBytes) throw overLimit(source, bytes.length, maxBytes, 'data');
    return bytes;
  }
  if (kind === 'remote') return readFile((await fetchRemoteMedia(source, opts)).file);
  const { file, size } = await localFile(source, kind === 'file-url' ? fileUrlPath(source) : source.uri);
  if (size > maxBytes) throw overLimit(source, size, maxBytes);
  return readFile(file);
}

/**
 * A local path ffmpeg can read for `source`: the file itself for a local path or `file:` URL
 * (not copied, no size limit: ffmpeg streams it), a cache file for a data URI (stored under its
 * content hash) or an http(s) URL (downloaded once, see fetch-remote.ts).
 *
 * @throws FramesmithError as {@link readMediaBytes}.
 */
export async function resolveMediaFile(source: MediaSource, options: ReadMediaOptions = {}): Promise<string> {
  const kind = mediaSourceKind(source.uri);
  if (kind === 'unsupported') throw unsupported(source);
  if (kind === 'remote') return (await fetchRemoteMedia(source, options)).file;
  if (kind === 'data') {
    const settings = resolveMediaSettings(options);
    const { bytes, mime } = decodeDataUri(source);
    if (bytes.length > settings.maxBytes) throw overLimit(source, bytes.length, settings.maxBytes, 'data');
    return storeBytes(settings.cacheDir, bytes, extensionForMime(mime));
  }
  return (await localFile(source, kind === 'file-url' ? fileUrlPath(source) : source.uri)).file;
}

/** Media error for bytes that do not decode. */
export function unreadableMediaError(source: MediaSource, what: string, cause?: unknown): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)}: cannot decode ${what}`, {
    stage: 'fetch', cause, details: { pointer: source.pointer, uri: source.uri },
  });
}
