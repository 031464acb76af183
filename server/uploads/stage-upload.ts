/**
 * Receiving an uploaded file: the stream written to a temporary file while its bytes are counted
 * (refused past a limit) and its first bytes kept to detect its type (detect-file-type.ts); and the display name
 * a client's file name becomes. Shared by the REST API's multipart uploads and the `/v1` PUT.
 */
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from './detect-file-type.js';

/**
 * Streams `source` into a new file at `tmpPath`; returns its size and first {@link SNIFF_BYTES}
 * bytes. Once more than `maxBytes` have arrived, the copy stops with the error `tooLarge()`
 * (the caller removes the temporary file on every path).
 */
export async function stageUpload(source: Readable, tmpPath: string, maxBytes: number, tooLarge: () => Error): Promise<{ size: number; head: Buffer }> {
  let size = 0;
  const chunks: Buffer[] = [];
  let headBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (headBytes < SNIFF_BYTES) {
        chunks.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
      }
      if (size > maxBytes) {
        done(tooLarge());
        return;
      }
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(tmpPath, { flags: 'wx' }));
  return { size, head: Buffer.concat(chunks) };
}

/** A safe display name: the last path segment, no control characters, at most 200 characters. */
export function cleanFileName(filename: string | null | undefined, fallback: string): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/\p{Cc}/gu, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
}

