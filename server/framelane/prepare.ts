/**
 * A Framelane render body as the `/v1` API takes it: validated by the dialect's compiler
 * (`framelaneRenderRequest`, 422 in the digest's shape), its uploaded media resolved to files of
 * the data folder, and priced in credits.
 *
 * Media a body may name: http(s) URLs (fetched by the engine behind its address guard), `data:`
 * URIs, and the `source_url` of the caller's own uploads and imports
 * (`<PUBLIC_URL>/v1/files/<file id>.<ext>`) or the `url` of their REST uploads: these two are read
 * from the data folder, never over the network. Local paths are refused by the validator.
 */
import path from 'node:path';
import { framelaneRenderRequest, type FramelaneRenderJob } from '../../engine/compile/framelane/render-request.js';
import { pointerToPath } from '../../schema/framelane/issues.js';
import type { FlBody } from '../../schema/framelane/body.js';
import type { ServerConfig } from '../config.js';
import { FramelaneApiError } from '../errors.js';
import { localMediaIssues, qualityOf, renderCost } from '../render/composition.js';
import type { Storage } from '../storage/storage.js';
import type { FileRecord, FilesStore } from '../store/files-store.js';
import type { UploadUrls } from '../uploads/upload-urls.js';

/** Path of an uploaded or imported file's `source_url`, after the public URL. */
const SOURCE_PATH = /^\/v1\/files\/(file_[0-9a-f]{16})\.([a-z0-9]{1,8})$/;

export interface SourceUrls {
  /** The `source_url` of a stored file: `<PUBLIC_URL>/v1/files/<id>.<ext>`. */
  urlOf(file: FileRecord): string;
  /** The local path a URL names when it is one of `ownerId`'s files (either API's form), else undefined. */
  pathOf(ownerId: string, url: string): string | undefined;
  /** True when `url` points into this server's file URLs (a file of this owner or not). */
  isOwnUrl(url: string): boolean;
}

export function createSourceUrls(files: FilesStore, storage: Storage, uploads: UploadUrls): SourceUrls {
  const base = storage.url('');
  return {
    urlOf: (file) => storage.url(`/v1/files/${file.id}${path.extname(file.path)}`),
    pathOf(ownerId, url) {
      if (!url.startsWith(`${base}/`)) return undefined;
      const match = SOURCE_PATH.exec(url.slice(base.length));
      if (!match) return uploads.pathOf(ownerId, url);
      const file = files.get(ownerId, match[1]!);
      return file && path.extname(file.path) === `.${match[2]}` ? storage.resolve(file.path) : undefined;
    },
    isOwnUrl: (url) => url.startsWith(`${base}/v1/files/`) || url.startsWith(`${base}/api/v1/files/`),
  };
}

/** A render body ready for the engine. */
export interface PreparedRender {
  job: FramelaneRenderJob;
  /** Credits the render costs (at least 1). */
  cost: number;
  /** `message` with the local paths of uploads replaced by the URLs the body named. */
  describe(message: string): string;
}

export interface PrepareDeps {
  config: ServerConfig;
  storage: Storage;
  sources: SourceUrls;
}

/** The URL fields of a body (§2, §3), as JSON pointers with their values. */
function urlFields(body: Record<string, unknown>): Array<{ pointer: string; value: string; set: (v: string) => void }> {
  const out: Array<{ pointer: string; value: string; set: (v: string) => void }> = [];
  const add = (obj: Record<string, unknown>, key: string, pointer: string) => {
    const value = obj[key];
    if (typeof value === 'string') out.push({ pointer, value, set: (v) => { obj[key] = v; } });
  };
  add(body, 'background_image_url', '/background_image_url');
  const elements = Array.isArray(body.elements) ? body.elements : [];
  elements.forEach((el: unknown, i) => {
    if (typeof el !== 'object' || el === null) return;
    add(el as Record<string, unknown>, 'source_url', `/elements/${i}/source_url`);
    add(el as Record<string, unknown>, 'lut_url', `/elements/${i}/lut_url`);
  });
  return out;
}

function refused(result: Extract<ReturnType<typeof framelaneRenderRequest>, { ok: false }>): FramelaneApiError {
  const { code, message, details } = result.body.error;
  return new FramelaneApiError(code, message, details);
}

/**
 * Validates and compiles `body` for `ownerId`.
 * @throws FramelaneApiError 422 `invalid_request` / `unsupported_feature` (the compiler's answer),
 *   `invalid_source` (a file URL of this server that is not one of the owner's files).
 */
export function prepareFramelaneRender(deps: PrepareDeps, ownerId: string, body: unknown, bodyBytes?: number): PreparedRender {
  const { config, storage, sources } = deps;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FramelaneApiError('invalid_request', 'the body must be a JSON object (the render composition)', {
      errors: [{ path: '', message: 'must be a JSON object', type: 'value_error' }],
    });
  }
  const named = new Map<string, string>();
  const uploadsDir = storage.uploadsDir(ownerId);
  // Validated once as sent (only http(s) and data: URLs, every other rule of the dialect), then
  // compiled with the owner's files in place of their URLs.
  const resolveSources = (value: FlBody): FlBody => {
    const resolved = structuredClone(value) as unknown as Record<string, unknown>;
    const problems: Array<{ path: string; message: string; type: 'value_error' }> = [];
    for (const field of urlFields(resolved)) {
      if (!sources.isOwnUrl(field.value)) continue;
      const local = sources.pathOf(ownerId, field.value);
      if (local === undefined) {
        problems.push({
          path: pointerToPath(field.pointer), type: 'value_error',
          message: 'no uploaded file of this API key has this URL (upload it first: POST /v1/uploads, then PUT the bytes)',
        });
        continue;
      }
      named.set(local, field.value);
      field.set(local);
    }
    if (problems.length > 0) throw new FramelaneApiError('invalid_source', `${problems[0]!.path}: ${problems[0]!.message}`, { errors: problems });
    return resolved as unknown as FlBody;
  };
  const final = framelaneRenderRequest(body, {
    limits: config.limits, allowUnknownFields: config.framelaneAllowUnknownFields, bodyBytes, localFiles: false, baseDir: uploadsDir, resolveSources,
  });
  if (!final.ok) throw refused(final);
  const outside = localMediaIssues(final.composition, uploadsDir);
  if (outside.length > 0) {
    throw new FramelaneApiError('invalid_source', `${pointerToPath(outside[0]!.pointer)}: ${outside[0]!.message}`, {
      errors: outside.map((i) => ({ path: pointerToPath(i.pointer), message: i.message, type: 'value_error' })),
    });
  }
  const { spec } = final;
  const size = spec.kind === 'audio' ? { width: final.composition.width, height: final.composition.height } : spec;
  // A still costs what a second does: every render costs at least one credit.
  const cost = Math.max(1, renderCost(final.durationSeconds, qualityOf(size.width, size.height)));
  return {
    job: final,
    cost,
    describe: (message) => [...named].reduce((m, [local, url]) => m.split(local).join(url), message),
  };
}
