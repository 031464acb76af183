/**
 * What an uploaded file is, read from its first bytes (magic numbers), never from the name or
 * the declared Content-Type. Only images, videos and audio are recognised.
 */
import type { FileType } from '../store/files-store.js';

export interface DetectedType {
  type: FileType;
  mimeType: string;
  /** File name extension the object is stored with (it picks the Content-Type served back). */
  ext: string;
}

/** How many leading bytes {@link detectFileType} looks at. */
export const SNIFF_BYTES = 4096;

const ascii = (buf: Buffer, start: number, end: number): string => buf.subarray(start, end).toString('latin1');
const startsWith = (buf: Buffer, bytes: number[], at = 0): boolean => bytes.every((b, i) => buf[at + i] === b);

/** ISO base media (MP4, MOV, M4A, HEIF...): the `ftyp` box's major brand. */
function isoBmff(buf: Buffer): DetectedType | undefined {
  if (buf.length < 12 || ascii(buf, 4, 8) !== 'ftyp') return undefined;
  const brand = ascii(buf, 8, 12);
  if (/^M4[AB] $/.test(brand)) return { type: 'audio', mimeType: 'audio/mp4', ext: 'm4a' };
  if (brand === 'qt  ') return { type: 'video', mimeType: 'video/quicktime', ext: 'mov' };
  if (/^(avif|avis)$/.test(brand)) return { type: 'image', mimeType: 'image/avif', ext: 'avif' };
  if (/^(heic|heix|mif1|msf1)$/.test(brand)) return undefined; // HEIF stills: not decodable by the engine
  if (/^3g/.test(brand)) return { type: 'video', mimeType: 'video/3gpp', ext: '3gp' };
  return { type: 'video', mimeType: 'video/mp4', ext: 'mp4' };
}

/** An MPEG audio frame header (MP3 without an ID3 tag): sync word, layer and bitrate bits valid. */
function mpegAudioFrame(buf: Buffer): boolean {
  const b0 = buf[0];
  const b1 = buf[1];
  const b2 = buf[2];
  if (b0 !== 0xff || b1 === undefined || b2 === undefined || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** SVG: text whose first element (after an XML declaration, comments and a doctype) is `<svg`. */
function isSvg(buf: Buffer): boolean {
  let text = buf.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const before = text;
    text = text.replace(/^<\?xml[\s\S]*?\?>\s*/, '').replace(/^<!--[\s\S]*?-->\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/i, '');
    if (text === before) break;
  }
  return /^<svg[\s>]/.test(text);
}

/** The type of a file from its first bytes, or undefined when it is not a supported image, video or audio. */
export function detectFileType(head: Buffer): DetectedType | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: 'image', mimeType: 'image/png', ext: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { type: 'image', mimeType: 'image/jpeg', ext: 'jpg' };
  if (/^GIF8[79]a/.test(ascii(head, 0, 6))) return { type: 'image', mimeType: 'image/gif', ext: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return { type: 'image', mimeType: 'image/webp', ext: 'webp' };
    if (form === 'WAVE') return { type: 'audio', mimeType: 'audio/wav', ext: 'wav' };
    if (form === 'AVI ') return { type: 'video', mimeType: 'video/x-msvideo', ext: 'avi' };
    return undefined;
  }
  const iso = isoBmff(head);
  if (iso) return iso;
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML: the DocType tells WebM from Matroska.
    return ascii(head, 0, 64).includes('webm')
      ? { type: 'video', mimeType: 'video/webm', ext: 'webm' }
      : { type: 'video', mimeType: 'video/x-matroska', ext: 'mkv' };
  }
  if (ascii(head, 0, 4) === 'OggS') return { type: 'audio', mimeType: 'audio/ogg', ext: 'ogg' };
  if (ascii(head, 0, 4) === 'fLaC') return { type: 'audio', mimeType: 'audio/flac', ext: 'flac' };
  if (ascii(head, 0, 3) === 'ID3' || mpegAudioFrame(head)) return { type: 'audio', mimeType: 'audio/mpeg', ext: 'mp3' };
  // ADTS AAC: the same 0xFFF sync with layer bits 00 (which mpegAudioFrame refuses).
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xf6) === 0xf0) return { type: 'audio', mimeType: 'audio/aac', ext: 'aac' };
  if (isSvg(head)) return { type: 'image', mimeType: 'image/svg+xml', ext: 'svg' };
  return undefined;
}
