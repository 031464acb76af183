/**
 * Bounded keeper of a child process's stderr: the last few kilobytes as text (for error
 * messages) and, optionally, a callback per complete line (for logging/progress).
 */
import { StringDecoder } from 'node:string_decoder';

/** Default number of stderr characters kept (about 4 KB). */
export const DEFAULT_STDERR_TAIL_CHARS = 4096;

const LINE_BREAK = /\r\n|\n|\r/;

/** Ring-like buffer of the last `maxChars` characters of a stream, split into lines on demand. */
export class StderrTail {
  private text = '';
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly maxChars: number = DEFAULT_STDERR_TAIL_CHARS,
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Appends a chunk; calls `onLine` for every line it completes. */
  push(chunk: Buffer | string): void {
    const s = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.append(s);
  }

  /** Ends the stream: emits a last unterminated line, if any. */
  flush(): void {
    this.append(this.decoder.end());
    if (this.partial !== '') this.emit(this.partial);
    this.partial = '';
  }

  /** The kept tail, at most `maxChars` characters. */
  toString(): string {
    return this.text;
  }

  /** The last `n` non-empty lines of the kept tail. */
  lastLines(n: number): string[] {
    const lines = this.text.split(LINE_BREAK).map((l) => l.trimEnd()).filter((l) => l !== '');
    return lines.slice(-n);
  }

  private append(s: string): void {
    if (s === '') return;
    this.text += s;
    if (this.text.length > this.maxChars) this.text = this.text.slice(-this.maxChars);
    if (!this.onLine) return;
    const parts = (this.partial + s).split(LINE_BREAK);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
    // A "line" that never ends (progress output without newlines) must not grow forever.
    if (this.partial.length > this.maxChars) {
      this.emit(this.partial);
      this.partial = '';
    }
  }

  private emit(line: string): void {
    if (line === '' || !this.onLine) return;
    try {
      this.onLine(line);
    } catch {
      // A throwing logger must not become an uncaught exception inside a stream handler.
    }
  }
}
