/**
 * Reads the bytes of a media source: local files (absolute paths after compile) and
 * data URIs. Remote URLs are refused here with a clear error until the media module
 * with its address guard and cache lands (see the media issue).
 */
import { readFile, stat } from 'node:fs/promises';
import type { MediaSource } from '../model/composition.js';
import { FramesmithError } from '../errors.js';

/** Largest single media file read into memory (bytes); configurable per call. */
export const DEFAULT_MAX_MEDIA_BYTES = 256 * 1024 * 1024;

function describe(source: MediaSource): string {
  const shown = source.uri.startsWith('data:') ? `${source.uri.slice(0, 32)}…` : source.uri;
  return `${source.pointer}: "${shown}"`;
}

function decodeDataUri(source: MediaSource): Buffer {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(source.uri);
  if (!match) throw new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)} is not a valid data URI`, { stage: 'fetch' });
  const payload = match[3] ?? '';
  return match[2] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
}

/** The bytes of `source`, or a coded error naming the JSON pointer and the source. */
export async function readMediaBytes(source: MediaSource, maxBytes = DEFAULT_MAX_MEDIA_BYTES): Promise<Buffer> {
  if (source.uri.startsWith('data:')) return decodeDataUri(source);
  if (/^https?:/i.test(source.uri)) {
    throw new FramesmithError(
      'ERR_ASSET_UNREADABLE',
      `${describe(source)}: remote URLs are not fetched by this version; download the file and give its path`,
      { stage: 'fetch', details: { pointer: source.pointer, uri: source.uri } },
    );
  }
  let size: number;
  try {
    const info = await stat(source.uri);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (cause) {
    throw new FramesmithError('ERR_FILE_NOT_FOUND', `${describe(source)}: file not found`, {
      stage: 'fetch', cause, details: { pointer: source.pointer, uri: source.uri },
    });
  }
  if (size > maxBytes) {
    throw new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)}: file is ${size} bytes, over the ${maxBytes}-byte limit`, {
      stage: 'fetch', details: { pointer: source.pointer, uri: source.uri },
    });
  }
  return readFile(source.uri);
}

/** Media error for bytes that do not decode. */
export function unreadableMediaError(source: MediaSource, what: string, cause?: unknown): FramesmithError {
  return new FramesmithError('ERR_ASSET_UNREADABLE', `${describe(source)}: cannot decode ${what}`, {
    stage: 'fetch', cause, details: { pointer: source.pointer, uri: source.uri },
  });
}
