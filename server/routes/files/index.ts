/**
 * Uploads and files. `POST /upload` takes multipart/form-data with one `file` or several `files`;
 * each is streamed to a temporary file, its type read from its first bytes (image, video or
 * audio only; a declared Content-Type of another kind is refused), and the owner's storage
 * limit checked, before any of them is kept: an upload is all or nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { ApiError, isApiError, notFound } from '../../errors.js';
import { ownerOf } from '../../plugins/app/auth.js';
import { AUTH_ERRORS, apiKeySecurity, errors, fileProperties, pageQuery, pagination } from '../../schemas.js';
import { sendStored } from '../../storage/send-stored.js';
import { newFileId, type FileRecord, type FileType } from '../../store/files-store.js';
import { detectFileType, type DetectedType } from '../../uploads/detect-file-type.js';
import { cleanFileName, stageUpload } from '../../uploads/stage-upload.js';

interface Staged {
  tmpPath: string;
  name: string;
  size: number;
  detected: DetectedType;
}

/** Streams one part to `tmpPath`, keeping its first bytes; throws STORAGE_LIMIT_EXCEEDED past `budget` bytes. */
function stage(part: MultipartFile, tmpPath: string, budget: number, limit: number): Promise<{ size: number; head: Buffer }> {
  return stageUpload(part.file, tmpPath, budget, () => new ApiError('STORAGE_LIMIT_EXCEEDED', `this upload would exceed the storage limit of ${limit} bytes for this key`, { limit }));
}

function checkType(detected: DetectedType | undefined, declared: string, name: string): DetectedType {
  if (!detected) {
    throw new ApiError('UNSUPPORTED_FILE_TYPE', `${name}: not a supported image, video or audio file (checked by its content)`, {
      name, declaredType: declared,
    });
  }
  const declaredKind = /^(image|video|audio)\//.exec(declared)?.[1];
  // video and audio share containers (an .mp4 may hold only sound); an image is never either.
  const clash = declaredKind !== undefined && (declaredKind === 'image') !== (detected.type === 'image');
  if (clash) {
    throw new ApiError('UNSUPPORTED_FILE_TYPE', `${name}: declared as ${declared} but its content is ${detected.mimeType}`, {
      name, declaredType: declared, detectedType: detected.mimeType,
    });
  }
  return detected;
}

/** Errors of the multipart stream are the client's (400); file system errors are ours (500 UPLOAD_FAILED). */
function uploadError(err: unknown): unknown {
  if (isApiError(err)) return err;
  const e = err as NodeJS.ErrnoException & { statusCode?: number };
  if (typeof e.code === 'string' && e.code.startsWith('FST_')) return err; // multipart limits, mapped by the error handler
  if (typeof e.syscall === 'string') return new ApiError('UPLOAD_FAILED', 'the upload could not be stored; try again later', {}, { cause: err });
  return new ApiError('INVALID_REQUEST', `malformed multipart body: ${e.message ?? String(err)}`);
}

export default async function filesRoutes(app: FastifyInstance): Promise<void> {
  const { store, storage, config } = app;
  const fileView = (f: FileRecord) => ({
    id: f.id, name: f.name, url: app.uploadUrls.urlOf(f),
    downloadUrl: storage.signedUrl(`/dl/files/${f.id}/${encodeURIComponent(f.name)}`, config.signedUrlTtlSeconds),
    type: f.type, mimeType: f.mimeType, size: f.size, createdAt: f.createdAt,
  });
  const fileItem = { type: 'object', properties: fileProperties } as const;
  const fileParams = { type: 'object', required: ['fileId'], properties: { fileId: { type: 'string', maxLength: 64 } } } as const;

  app.post('/upload', {
    schema: {
      tags: ['files'], security: apiKeySecurity, consumes: ['multipart/form-data'],
      summary: 'Upload images, videos or audio (multipart field "file" or "files")',
      response: {
        201: {
          type: 'object',
          properties: { success: { type: 'boolean' }, message: { type: 'string' }, count: { type: 'integer' }, assets: { type: 'array', items: fileItem } },
        },
        ...errors(400, 413, ...AUTH_ERRORS),
      },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new ApiError('NO_FILES', 'send the files as multipart/form-data in the field "file" or "files"');
    const ownerId = ownerOf(request);
    const budget0 = config.storageLimitBytes - store.files.usedBytes(ownerId);
    const staged: Staged[] = [];
    let budget = budget0;
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file' && part.fieldname !== 'files') {
          part.file.resume();
          throw new ApiError('INVALID_REQUEST', `unexpected file field "${part.fieldname}": use "file" or "files"`, { field: part.fieldname });
        }
        const tmpPath = path.join(storage.tmpDir, `upload-${randomBytes(8).toString('hex')}`);
        const name = cleanFileName(part.filename, `upload-${staged.length + 1}`);
        staged.push({ tmpPath, name, size: 0, detected: { type: 'image', mimeType: '', ext: '' } });
        const { size, head } = await stage(part, tmpPath, budget, config.storageLimitBytes);
        if (part.file.truncated) throw new ApiError('FILE_TOO_LARGE', `${name} is larger than ${config.uploadMaxFileBytes} bytes`, { limit: config.uploadMaxFileBytes, name });
        const entry = staged[staged.length - 1]!;
        entry.size = size;
        entry.detected = checkType(detectFileType(head), part.mimetype, name);
        budget -= size;
      }
      if (staged.length === 0) throw new ApiError('NO_FILES', 'no file in the request: use the multipart field "file" or "files"');
      const dir = storage.uploadsDir(ownerId);
      await mkdir(dir, { recursive: true });
      const records: Array<Omit<FileRecord, 'createdAt'>> = [];
      for (const s of staged) {
        const id = newFileId();
        const finalPath = path.join(dir, `${id}.${s.detected.ext}`);
        await rename(s.tmpPath, finalPath);
        records.push({ id, ownerId, name: s.name, type: s.detected.type as FileType, mimeType: s.detected.mimeType, size: s.size, path: storage.relative(finalPath) });
      }
      // Checked again with the inserts, in one transaction: a concurrent upload may have used the room meanwhile.
      const saved = store.files.insertWithinLimit(records, config.storageLimitBytes);
      if (!saved) {
        await Promise.all(records.map((r) => storage.remove(r.path)));
        throw new ApiError('STORAGE_LIMIT_EXCEEDED', `this upload would exceed the storage limit of ${config.storageLimitBytes} bytes for this key`, { limit: config.storageLimitBytes });
      }
      return reply.code(201).send({ success: true, message: `${saved.length} file${saved.length === 1 ? '' : 's'} uploaded`, count: saved.length, assets: saved.map(fileView) });
    } catch (err) {
      throw uploadError(err);
    } finally {
      await Promise.all(staged.map((s) => rm(s.tmpPath, { force: true })));
    }
  });

  app.get<{ Querystring: { page: number; limit: number; type?: FileType } }>('/files', {
    schema: {
      tags: ['files'], security: apiKeySecurity, summary: 'List uploaded files, newest first',
      querystring: { type: 'object', properties: { ...pageQuery, type: { type: 'string', enum: ['image', 'video', 'audio'] } } },
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, files: { type: 'array', items: fileItem }, pagination } },
        ...errors(400, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const { page, limit, type } = request.query;
    const { files, total } = store.files.list(ownerOf(request), { page, limit, type });
    return { success: true, files: files.map(fileView), pagination: { page, limit, total } };
  });

  app.get<{ Params: { fileId: string } }>('/files/:fileId/content', {
    schema: { tags: ['files'], security: apiKeySecurity, summary: 'The file itself (Range supported)', params: fileParams, response: errors(404, ...AUTH_ERRORS) },
  }, async (request, reply) => {
    const file = store.files.get(ownerOf(request), request.params.fileId);
    if (!file) throw notFound('file', request.params.fileId);
    return sendStored(reply, file.path, { filename: file.name, maxAgeSeconds: 0 });
  });

  app.delete<{ Params: { fileId: string } }>('/files/:fileId', {
    schema: {
      tags: ['files'], security: apiKeySecurity, summary: 'Delete a file and its stored object', params: fileParams,
      response: {
        200: { type: 'object', properties: { success: { type: 'boolean' }, fileId: { type: 'string' }, deleted: { type: 'boolean' }, message: { type: 'string' } } },
        ...errors(404, ...AUTH_ERRORS),
      },
    },
  }, async (request) => {
    const file = store.files.get(ownerOf(request), request.params.fileId);
    if (!file) throw notFound('file', request.params.fileId);
    store.files.delete(file.id);
    await storage.remove(file.path);
    return { success: true, fileId: file.id, deleted: true, message: 'file deleted' };
  });
}
