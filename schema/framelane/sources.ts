/**
 * Checks of the URL fields of a Framelane body: length, which schemes are accepted, and the video
 * and LUT file types (digest §2, §3.4, §9.11; decisions in docs/framelane.md).
 */
import { MAX_URL_LENGTH } from './values.js';

/** Video containers `source_url` may name (by extension, query string stripped, §3.4). */
export const FL_VIDEO_EXTENSIONS = ['mp4', 'mov', 'webm'] as const;
const VIDEO_MIME = /^data:video\/(mp4|quicktime|webm)[;,]/i;

export type SourceKind = 'remote' | 'data' | 'local';

/** What kind of source a URL field names, or an error message. */
export function classifySource(value: string, localFiles: boolean): { kind: SourceKind } | { error: string } {
  if (/^data:/i.test(value)) return { kind: 'data' };
  if (value.length > MAX_URL_LENGTH) return { error: `must be at most ${MAX_URL_LENGTH} characters, got ${value.length}` };
  if (/^https?:\/\//i.test(value)) {
    try {
      new URL(value);
      return { kind: 'remote' };
    } catch {
      return { error: `is not a valid URL: ${JSON.stringify(value.slice(0, 80))}` };
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (scheme && scheme.length > 1 && scheme.toLowerCase() !== 'file') {
    return { error: `must be an http(s) URL, got the scheme "${scheme}:"` };
  }
  if (!localFiles) return { error: 'must be an http(s) URL (local files are not accepted here)' };
  return { kind: 'local' };
}

/** The lower-case file extension of a URL's path or of a file path, query and fragment stripped. */
export function extensionOf(value: string): string | undefined {
  const path = /^https?:\/\//i.test(value) ? (() => {
    try {
      return new URL(value).pathname;
    } catch {
      return value;
    }
  })() : value.replace(/[?#].*$/, '');
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return match?.[1]?.toLowerCase();
}

/** An error message when `value` does not name an mp4, mov or webm video, else undefined. */
export function videoFormatError(value: string): string | undefined {
  if (/^data:/i.test(value)) {
    return VIDEO_MIME.test(value) ? undefined : 'unsupported video format: a data: URI must be video/mp4, video/quicktime or video/webm';
  }
  const ext = extensionOf(value);
  if (ext && (FL_VIDEO_EXTENSIONS as readonly string[]).includes(ext)) return undefined;
  return `unsupported video format${ext ? ` ".${ext}"` : ' (no file extension)'}: source_url must end in .mp4, .mov or .webm`;
}

/** An error message when a LUT URL does not name a `.cube` file. */
export function lutFormatError(value: string): string | undefined {
  if (/^data:/i.test(value)) return undefined;
  return extensionOf(value) === 'cube' ? undefined : 'unsupported LUT format: lut_url must name a .cube file (3-D LUT)';
}
