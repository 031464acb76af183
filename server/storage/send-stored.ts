/**
 * Sends a stored file with Range support (@fastify/static's `sendFile`: 206 partial content,
 * `Accept-Ranges`, ETag, HEAD). Stored objects are user content: they are served with
 * `nosniff` and a sandboxing Content-Security-Policy, so an uploaded SVG cannot run script on
 * this origin.
 */
import type { FastifyReply } from 'fastify';

export interface SendStoredOptions {
  /** File name offered to the browser. */
  filename: string;
  /** Seconds a client may cache the answer (the remaining life of a signed URL). */
  maxAgeSeconds: number;
  /** `attachment` forces a download. */
  disposition?: 'inline' | 'attachment';
}

function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The policy of every stored object: no script, no plugins, a sandboxed document even when opened directly. */
export const STORED_OBJECT_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

/** Streams `relativePath` (inside the data folder) to the client. */
export function sendStored(reply: FastifyReply, relativePath: string, opts: SendStoredOptions): FastifyReply {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', STORED_OBJECT_CSP);
  reply.header('content-disposition', contentDisposition(opts.disposition ?? 'inline', opts.filename));
  reply.header('cache-control', `private, max-age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`);
  return reply.sendFile(relativePath, { cacheControl: false, acceptRanges: true, dotfiles: 'deny' });
}
