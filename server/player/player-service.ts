/**
 * Serving the browser preview player: its script bundle and the bundled fonts (one Fastify
 * plugin, used by the API server and by `framesmith preview`), the player documents (prepared
 * once per composition and kept a while), and the media a document names, streamed with Range
 * so videos seek.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BUNDLED_FACES } from '../../engine/assets/font-families.js';
import { bundledFontDir } from '../../engine/assets/fonts.js';
import { resolveMediaFile, type ReadMediaOptions } from '../../engine/assets/read-media.js';
import type { Composition } from '../../engine/model/composition.js';
import { FramesmithError } from '../../engine/errors.js';
import { ApiError, isApiError } from '../errors.js';
import { detectFileType, SNIFF_BYTES } from '../uploads/detect-file-type.js';
import { STORED_OBJECT_CSP } from '../storage/send-stored.js';
import { playerDocument, preparePlayer, type PlayerUrls, type PreparedPlayer } from '../../engine/preview/player-document.js';

export const PLAYER_SCRIPT_PATH = '/player/framesmith-player.js';
export const PLAYER_FONT_PREFIX = '/player/fonts/';

/** The folder of the esbuild bundle: next to the compiled server (dist/) or under dist/ when run from source. */
export function playerBundleDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../player'), path.resolve(here, '../../dist/player')];
  return candidates.find((dir) => existsSync(path.join(dir, 'framesmith-player.js'))) ?? candidates[1]!;
}

/** `GET /player/framesmith-player.js` (+ its source map) and `GET /player/fonts/:file`. */
export async function playerAssetRoutes(app: FastifyInstance): Promise<void> {
  const bundle = playerBundleDir();
  const fonts = bundledFontDir();
  const fontFiles = new Set(BUNDLED_FACES.map((f) => f.file));
  for (const file of ['framesmith-player.js', 'framesmith-player.js.map']) {
    app.get(`/player/${file}`, { schema: { hide: true } }, async (_request, reply) => {
      if (!existsSync(path.join(bundle, file))) {
        return reply.code(503).type('text/plain').send('the player bundle is missing: run npm run build');
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(file, bundle, { cacheControl: false });
    });
  }
  app.get<{ Params: { file: string } }>(`${PLAYER_FONT_PREFIX}:file`, { schema: { hide: true } }, async (request, reply) => {
    if (!fontFiles.has(request.params.file)) return reply.code(404).type('text/plain').send('no such font');
    return reply.sendFile(request.params.file, fonts, { maxAge: 86_400_000, immutable: true });
  });
}

/** Prepared player documents by key, kept for `ttlMs` after their last use (at most `max`). */
export class PlayerCache {
  private readonly entries = new Map<string, { prepared: Promise<PreparedPlayer>; used: number }>();

  constructor(private readonly max = 32, private readonly ttlMs = 10 * 60_000) {}

  /** The prepared document of `key`, compiling it with `load` the first time (a failure is not kept). */
  get(key: string, load: () => Composition | Promise<Composition>): Promise<PreparedPlayer> {
    const now = Date.now();
    for (const [k, e] of this.entries) if (now - e.used > this.ttlMs) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit) {
      hit.used = now;
      // Most recently used last: the first entry is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.prepared;
    }
    const prepared = (async () => preparePlayer(await load()))();
    this.entries.set(key, { prepared, used: now });
    prepared.catch(() => this.entries.delete(key));
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return prepared;
  }

  /** Forgets every entry (the composition file changed). */
  clear(): void {
    this.entries.clear();
  }
}

/** What a player page starts fetching before its script runs. */
export interface PagePreloads {
  fonts: string[];
  images: string[];
}

/**
 * The preloads of a page for a prepared document: the bundled faces its text uses and its picture
 * files, at the URLs the document will name (nothing while it does not prepare).
 */
export async function pagePreloads(prepared: Promise<PreparedPlayer>, media: PlayerUrls['media']): Promise<PagePreloads> {
  try {
    const p = await prepared;
    const images = Object.values(p.pictures).flatMap((pic) => ('media' in pic ? [media(pic.media, p.sources[pic.media]!)] : []));
    return { fonts: p.likelyFonts.map((file) => `${PLAYER_FONT_PREFIX}${file}`), images: [...new Set(images)] };
  } catch {
    return { fonts: [], images: [] };
  }
}

/** Engine errors about a composition's sources: the preview cannot play, and the message names the field. */
const SOURCE_ERRORS = new Set(['ERR_TIMELINE_INVALID', 'ERR_JSON_PARSE', 'ERR_FILE_NOT_FOUND', 'ERR_ASSET_UNREADABLE', 'ERR_FONT_LOAD']);

/**
 * `err` as the API error a preview route answers: a source the server cannot read is the
 * composition's problem (400 INVALID_CONFIG naming the field, server paths hidden, the engine's
 * code in `details.engineCode`), anything else stays as it is (an internal error).
 */
export function playerError(err: unknown, hidePaths: readonly string[]): unknown {
  if (!(err instanceof FramesmithError) || !SOURCE_ERRORS.has(err.code)) return err;
  let message = err.message;
  for (const p of hidePaths) message = message.split(p).join('…');
  return new ApiError('INVALID_CONFIG', `this composition cannot be played: ${message}`, { engineCode: err.code });
}

/**
 * The engine code and reason of an error `playerError` made (a source the player cannot read),
 * for a server that answers in its own shape (`framesmith preview`); undefined for any other error.
 */
export function playerErrorReason(err: unknown): { code: string; message: string } | undefined {
  if (!isApiError(err) || typeof err.details.engineCode !== 'string') return undefined;
  return { code: err.details.engineCode, message: err.message };
}

/** Sends the player document with `media(i)` URLs. */
export function sendPlayerDocument(reply: FastifyReply, prepared: PreparedPlayer, media: PlayerUrls['media'], title?: string): FastifyReply {
  const text = playerDocument(prepared, { media, bundledFont: (file) => `${PLAYER_FONT_PREFIX}${file}` }, title);
  return reply.type('application/json; charset=utf-8').header('cache-control', 'private, no-store').send(text);
}

/** Font files, which the upload detector does not know. */
function fontType(head: Buffer): string | undefined {
  const tag = head.subarray(0, 4).toString('latin1');
  if (tag === 'wOF2') return 'font/woff2';
  if (tag === 'wOFF') return 'font/woff';
  if (tag === 'OTTO') return 'font/otf';
  if (tag === 'true' || (head[0] === 0 && head[1] === 1 && head[2] === 0 && head[3] === 0)) return 'font/ttf';
  return undefined;
}

/** The media type of a file, read from its first bytes: only pictures, video, sound and fonts are ever served. */
async function sniffMediaType(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const bytes = head.subarray(0, bytesRead);
    return fontType(bytes) ?? detectFileType(bytes)?.mimeType;
  } finally {
    await handle.close();
  }
}

/** A media file of a prepared document and its sniffed type (undefined: not a type ever served). */
interface ResolvedMedia {
  file: string;
  type: string | undefined;
}

/**
 * Resolved media per prepared document and media index: a playing video sends a Range request
 * every few hundred kilobytes, and each would otherwise resolve the source again (for a data:
 * URI a base64 decode and a SHA-256) and re-read the file's head. A failure is not kept.
 */
const resolvedMedia = new WeakMap<PreparedPlayer, Map<number, Promise<ResolvedMedia>>>();

function resolveMedia(prepared: PreparedPlayer, index: number, source: PreparedPlayer['sources'][number], options: ReadMediaOptions): Promise<ResolvedMedia> {
  let byIndex = resolvedMedia.get(prepared);
  if (!byIndex) resolvedMedia.set(prepared, byIndex = new Map());
  const hit = byIndex.get(index);
  if (hit) return hit;
  const resolved = (async () => {
    const file = await resolveMediaFile(source, options);
    return { file, type: await sniffMediaType(file) };
  })();
  byIndex.set(index, resolved);
  resolved.catch(() => byIndex.delete(index));
  return resolved;
}

/**
 * Streams media `index` of a prepared document (a local file, a cached remote source, or a
 * data URI written to the cache), with Range support. 404 for an index the document lacks.
 * The content decides the type (an HTML page named .png is refused), and the answer is
 * sandboxed like every stored object (send-stored.ts): media of a composition can never run
 * script on this origin, even opened directly. The file and its type are resolved once per
 * document and index.
 * @throws the `playerError` of a source that cannot be read (an ApiError 400 INVALID_CONFIG
 * whose `details.engineCode` is ERR_FILE_NOT_FOUND, ERR_ASSET_UNREADABLE, …; `hidePaths` are
 * left out of its message); other errors as they are.
 */
export async function sendPlayerMedia(
  reply: FastifyReply, prepared: PreparedPlayer, index: number, options: ReadMediaOptions & { hidePaths?: readonly string[] } = {},
): Promise<FastifyReply> {
  const source = Number.isInteger(index) ? prepared.sources[index] : undefined;
  if (!source) return reply.code(404).type('text/plain').send('no such media in this preview');
  const { hidePaths = [], ...readOptions } = options;
  let media: ResolvedMedia;
  try {
    media = await resolveMedia(prepared, index, source, readOptions);
  } catch (err) {
    throw playerError(err, hidePaths);
  }
  const { file, type } = media;
  if (!type) return reply.code(415).type('text/plain').send(`${source.pointer}: not an image, video, audio or font file`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', STORED_OBJECT_CSP);
  reply.header('content-disposition', 'inline');
  reply.header('cache-control', 'private, max-age=300');
  reply.type(type);
  return reply.sendFile(path.basename(file), path.dirname(file), { cacheControl: false, acceptRanges: true, dotfiles: 'allow' });
}
