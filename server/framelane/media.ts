/**
 * Media coming in through the Framelane API (digest §1.6): the MIME types an upload slot may
 * declare, the content check of an uploaded or imported file (magic bytes, server/uploads), its
 * storage as one of the owner's files, and imports fetched in the background through the
 * engine's address guard.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fetchRemoteMedia } from '../../engine/assets/read-media.js';
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import { hasErrorCode } from '../../engine/errors.js';
import type { ServerConfig } from '../config.js';
import { FramelaneApiError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import { newFileId, type FileRecord, type FileType } from '../store/files-store.js';
import type { ImportRecord } from '../store/framelane-media-store.js';
import type { Store } from '../store/store.js';
import { detectFileType, SNIFF_BYTES, type DetectedType } from '../uploads/detect-file-type.js';
import { cleanFileName, stageUpload } from '../uploads/stage-upload.js';
import { framelaneFailureOf } from './render-processor.js';

/** One MIME type of the digest's upload table (§1.6) and what this server does with it. */
export interface UploadType {
  mime: string;
  group: 'video' | 'audio' | 'image' | 'font';
  /** Extension the stored file (and its `source_url`) gets. */
  ext: string;
  /** Files of one family share a container: the content check accepts any detected type of the family. */
  family: string;
  supported: boolean;
  /** Why an unsupported type is refused. */
  reason?: string;
}

const t = (mime: string, group: UploadType['group'], ext: string, family: string): UploadType => ({ mime, group, ext, family, supported: true });
const no = (mime: string, group: UploadType['group'], ext: string, reason: string): UploadType => ({ mime, group, ext, family: mime, supported: false, reason });
const NOT_VIDEO_ELEMENT = 'the video element takes only .mp4, .mov and .webm sources (§3.4), so the file could not be used';
const NO_FONT_FIELD = 'a render body has no field that loads a font file (font_family names a bundled family)';

/** Every MIME type of the digest's table, in its order. */
export const UPLOAD_TYPES: readonly UploadType[] = [
  t('video/mp4', 'video', 'mp4', 'isobmff'),
  t('video/quicktime', 'video', 'mov', 'isobmff'),
  t('video/webm', 'video', 'webm', 'ebml'),
  no('video/x-msvideo', 'video', 'avi', NOT_VIDEO_ELEMENT),
  no('video/x-matroska', 'video', 'mkv', NOT_VIDEO_ELEMENT),
  no('video/mpeg', 'video', 'mpg', NOT_VIDEO_ELEMENT),
  t('audio/mpeg', 'audio', 'mp3', 'audio/mpeg'),
  t('audio/mp4', 'audio', 'm4a', 'isobmff'),
  t('audio/wav', 'audio', 'wav', 'audio/wav'),
  t('audio/x-wav', 'audio', 'wav', 'audio/wav'),
  t('audio/aac', 'audio', 'aac', 'audio/aac'),
  t('audio/flac', 'audio', 'flac', 'audio/flac'),
  t('audio/ogg', 'audio', 'ogg', 'audio/ogg'),
  t('image/jpeg', 'image', 'jpg', 'image/jpeg'),
  t('image/png', 'image', 'png', 'image/png'),
  t('image/webp', 'image', 'webp', 'image/webp'),
  t('image/gif', 'image', 'gif', 'image/gif'),
  no('image/tiff', 'image', 'tif', 'the renderer cannot decode TIFF images'),
  no('font/ttf', 'font', 'ttf', NO_FONT_FIELD),
  no('font/otf', 'font', 'otf', NO_FONT_FIELD),
  no('font/woff', 'font', 'woff', NO_FONT_FIELD),
  no('font/woff2', 'font', 'woff2', NO_FONT_FIELD),
];

/** The family of a detected type (see {@link UploadType.family}). */
function familyOf(detected: DetectedType): string {
  if (['video/mp4', 'video/quicktime', 'audio/mp4', 'video/3gpp'].includes(detected.mimeType)) return 'isobmff';
  if (detected.mimeType === 'video/webm' || detected.mimeType === 'video/x-matroska') return 'ebml';
  return detected.mimeType;
}

/** The accepted upload type of a declared Content-Type (parameters and case ignored), or 422 `unsupported_content_type`. */
export function uploadTypeOf(contentType: string, field = 'content_type'): UploadType {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  const found = UPLOAD_TYPES.find((u) => u.mime === mime);
  if (found?.supported) return found;
  const accepted = UPLOAD_TYPES.filter((u) => u.supported).map((u) => u.mime).join(', ');
  const why = found?.reason ? `${mime} is not accepted by this server: ${found.reason}` : `${mime || '(empty)'} is not an accepted upload type`;
  throw new FramelaneApiError('unsupported_content_type', `${why}; accepted: ${accepted}`, {
    errors: [{ path: field, message: why, type: 'value_error' }],
  });
}

/** Time ffprobe may take to list a file's streams. */
const STREAMS_PROBE_TIMEOUT_MS = 30_000;

/**
 * Whether `file` is a video (it has a video stream that is not cover art) or an audio file (an
 * audio stream and no such video stream), by ffprobe (`FFPROBE_PATH` or the bundled one).
 * @throws FramelaneApiError `invalid_source` when ffprobe cannot read it or finds neither.
 */
async function mediaGroupOf(file: string, signal: AbortSignal | undefined): Promise<'video' | 'audio'> {
  const args = ['-v', 'error', '-show_entries', 'stream=codec_type:stream_disposition=attached_pic', '-of', 'json', '-i', file];
  let streams: Array<{ codec_type?: string; disposition?: { attached_pic?: number } }>;
  try {
    const { stdout } = await runFfmpeg(resolveFfmpegPaths().ffprobe, args, { signal, timeoutMs: STREAMS_PROBE_TIMEOUT_MS });
    streams = (JSON.parse(stdout.toString('utf8')) as { streams?: typeof streams }).streams ?? [];
  } catch (err) {
    if (!hasErrorCode(err, 'ERR_FFMPEG_EXIT') && !(err instanceof SyntaxError)) throw err;
    throw new FramelaneApiError('invalid_source', 'the file is not a readable video or audio file (its streams could not be read)');
  }
  if (streams.some((st) => st.codec_type === 'video' && st.disposition?.attached_pic !== 1)) return 'video';
  if (streams.some((st) => st.codec_type === 'audio')) return 'audio';
  throw new FramelaneApiError('invalid_source', 'the file has neither a video nor an audio stream');
}

/**
 * The upload type the bytes of a file are (for imports: no declared type), or undefined. The
 * family comes from the first bytes; where one family holds both video and audio types (ISO-BMFF:
 * mp4, mov, m4a), the group comes from the streams in the file. The name's extension (`hint`)
 * only picks a type within that group.
 */
async function typeOfContent(file: string, detected: DetectedType | undefined, hint: string | undefined, signal?: AbortSignal): Promise<UploadType | undefined> {
  if (!detected) return undefined;
  const family = familyOf(detected);
  let candidates = UPLOAD_TYPES.filter((u) => u.supported && u.family === family);
  if (new Set(candidates.map((u) => u.group)).size > 1) {
    const group = await mediaGroupOf(file, signal);
    candidates = candidates.filter((u) => u.group === group);
  }
  return candidates.find((u) => u.ext === hint) ?? candidates.find((u) => u.mime === detected.mimeType) ?? candidates[0];
}

export interface MediaDeps {
  config: ServerConfig;
  store: Store;
  storage: Storage;
}

function quotaExceeded(config: ServerConfig, usedBytes: number): FramelaneApiError {
  return new FramelaneApiError('quota_exceeded', `this file would exceed the storage limit of ${config.storageLimitBytes} bytes for this key (${usedBytes} in use)`, {
    limit_bytes: config.storageLimitBytes, used_bytes: usedBytes,
  });
}

/** How many bytes the next file of an owner may have, and the error past them. */
export interface StorageRoom {
  maxBytes: number;
  tooLarge: () => FramelaneApiError;
}

/**
 * The room left for one more file of `ownerId`: `UPLOAD_MAX_FILE_BYTES`, or less when the key's
 * storage limit is nearer (then going past it is `quota_exceeded`, not `source_too_large`). Read
 * before any byte is fetched or received; keep() checks again, atomically with the insert.
 * @throws FramelaneApiError `quota_exceeded` when the storage is already full.
 */
export function storageRoom(deps: MediaDeps, ownerId: string): StorageRoom {
  const { config } = deps;
  const used = deps.store.files.usedBytes(ownerId);
  const left = config.storageLimitBytes - used;
  if (left <= 0) throw quotaExceeded(config, used);
  if (left < config.uploadMaxFileBytes) return { maxBytes: left, tooLarge: () => quotaExceeded(config, deps.store.files.usedBytes(ownerId)) };
  const limit = config.uploadMaxFileBytes;
  return { maxBytes: limit, tooLarge: () => new FramelaneApiError('source_too_large', `the file is larger than ${limit} bytes`, { limit_bytes: limit }) };
}

/**
 * Moves a checked temporary file into the owner's uploads and records it; the storage limit is
 * checked in the transaction that inserts the record.
 * @throws FramelaneApiError `quota_exceeded` past the owner's storage limit (the file is removed).
 */
async function keep(deps: MediaDeps, ownerId: string, tmpPath: string, file: { id: string; name: string; type: UploadType; size: number }): Promise<FileRecord> {
  const { store, storage, config } = deps;
  const dir = storage.uploadsDir(ownerId);
  await mkdir(dir, { recursive: true });
  const finalPath = path.join(dir, `${file.id}.${file.type.ext}`);
  await rename(tmpPath, finalPath);
  const record = store.files.insertWithinLimit([{
    id: file.id, ownerId, name: file.name, type: file.type.group as FileType, mimeType: file.type.mime, size: file.size, path: storage.relative(finalPath),
  }], config.storageLimitBytes)?.[0];
  if (!record) {
    await rm(finalPath, { force: true });
    throw quotaExceeded(config, store.files.usedBytes(ownerId));
  }
  return record;
}

/**
 * Stores the body of an upload PUT as the slot's file: size limit, content checked against the
 * declared type (magic bytes; for mp4/mov/m4a also video or audio by the streams), storage limit.
 * @throws FramelaneApiError `source_too_large`, `unsupported_content_type`, `quota_exceeded`.
 */
export async function storeUpload(deps: MediaDeps, slot: { fileId: string; ownerId: string; contentType: string; name: string }, body: Readable): Promise<FileRecord> {
  const declared = uploadTypeOf(slot.contentType);
  const room = storageRoom(deps, slot.ownerId);
  const tmpPath = path.join(deps.storage.tmpDir, `upload-${randomBytes(8).toString('hex')}`);
  try {
    const { size, head } = await stageUpload(body, tmpPath, room.maxBytes, room.tooLarge);
    const detected = detectFileType(head);
    if (!detected || familyOf(detected) !== declared.family) {
      const what = detected ? detected.mimeType : 'not a recognised image, video or audio file';
      throw new FramelaneApiError('unsupported_content_type', `the content does not match the declared ${declared.mime}: ${what} (checked by its first bytes)`, {
        declared: declared.mime, ...(detected ? { detected: detected.mimeType } : {}),
      });
    }
    // ISO-BMFF holds video and audio alike: the streams decide, so a video PUT as audio/mp4 is not kept as a sound.
    if (UPLOAD_TYPES.some((u) => u.supported && u.family === declared.family && u.group !== declared.group)) {
      const group = await mediaGroupOf(tmpPath, undefined).catch((err: unknown) => {
        throw err instanceof FramelaneApiError ? new FramelaneApiError('unsupported_content_type', `the content does not match the declared ${declared.mime}: ${err.message}`) : err;
      });
      if (group !== declared.group) {
        throw new FramelaneApiError('unsupported_content_type', `the content does not match the declared ${declared.mime}: it is ${group === 'video' ? 'a video (it has a video stream)' : 'audio only (no video stream)'}; declare ${group === 'video' ? 'video/mp4 or video/quicktime' : 'audio/mp4'}`, {
          declared: declared.mime, detected: group,
        });
      }
    }
    return await keep(deps, slot.ownerId, tmpPath, { id: slot.fileId, name: slot.name, type: declared, size });
  } finally {
    await rm(tmpPath, { force: true });
  }
}

/** The `{ code, message }` of a failed import (§1.6, §7.2), in the codes of a failed render's source. */
function importFailure(err: unknown): { errorCode: string; errorMessage: string } {
  const { code, message } = framelaneFailureOf(err, (m) => m.replace(/^\/url: /, ''));
  return { errorCode: code, errorMessage: code === 'internal' ? 'the import failed; the server log has the details' : message };
}

/**
 * Fetches an import's URL (address guard, size limit, timeout), checks what it is, and stores it
 * as the owner's file; records `ready` or `failed`. Resolves on every path.
 */
export async function runImport(deps: MediaDeps & { signal: AbortSignal; log: { error: (o: object, m: string) => void } }, record: ImportRecord): Promise<ImportRecord | undefined> {
  const { storage, config, store } = deps;
  const cacheDir = path.join(storage.tmpDir, record.id);
  try {
    // Never fetch more than the key may still store.
    const room = storageRoom(deps, record.ownerId);
    const fetched = await fetchRemoteMedia({ uri: record.url, pointer: '/url' }, {
      allowPrivateAddresses: config.mediaAllowPrivate, maxBytes: room.maxBytes, cacheDir, signal: deps.signal,
    }).catch((err: unknown) => {
      throw framelaneFailureOf(err).code === 'source_too_large' ? room.tooLarge() : err;
    });
    const head = await readHead(fetched.file);
    const hint = record.filename ? path.extname(record.filename).slice(1).toLowerCase() : path.extname(new URL(record.url).pathname).slice(1).toLowerCase();
    const type = await typeOfContent(fetched.file, detectFileType(head), hint, deps.signal);
    if (!type) throw new FramelaneApiError('invalid_source', 'the URL does not serve a supported video, audio or image file (checked by its first bytes)');
    // Cleaned as the upload paths do: no folders, no control characters, at most 200 characters.
    const name = cleanFileName(record.filename ?? path.basename(new URL(record.url).pathname), `import.${type.ext}`);
    const { size } = await stat(fetched.file);
    const file = await keep(deps, record.ownerId, fetched.file, { id: newFileId(), name, type, size });
    return store.framelaneMedia.finishImport(record.id, { fileId: file.id });
  } catch (err) {
    if (deps.signal.aborted) return undefined; // shutting down: fetched again at the next start
    const failure = importFailure(err);
    if (failure.errorCode === 'internal') deps.log.error({ err, importId: record.id }, 'import failed');
    return store.framelaneMedia.finishImport(record.id, failure);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

async function readHead(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: 0, end: SNIFF_BYTES - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
