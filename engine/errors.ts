/**
 * Coded errors of the engine. Every error the engine raises on purpose carries a
 * stable `code` (string union), survives a process boundary through {@link toJSON},
 * and is recognised by code, never by `instanceof` or message text.
 *
 * The table of codes lives in docs/errors.md; keep the two in step.
 */

/** Stable error codes (crossing processes and the network, hence strings). */
export type FramesmithErrorCode =
  | 'ERR_JSON_PARSE'
  | 'ERR_TIMELINE_INVALID'
  | 'ERR_FILE_NOT_FOUND'
  | 'ERR_ASSET_UNREADABLE'
  | 'ERR_FONT_LOAD'
  | 'ERR_FFMPEG_EXIT'
  | 'ERR_FFMPEG_SPAWN'
  | 'ERR_RENDER_CANCELLED'
  | 'ERR_OUTPUT_WRITE';

/** One problem in a document, located by a JSON pointer (RFC 6901). */
export interface ValidationIssue {
  /** JSON pointer of the offending value, `""` for the document root. */
  pointer: string;
  message: string;
}

/** The processing stage an error came from. */
export type ErrorStage = 'parse' | 'validate' | 'fetch' | 'render' | 'encode' | 'concat' | 'webhook';

export interface FramesmithErrorOptions {
  stage?: ErrorStage;
  /** Problems found, for ERR_TIMELINE_INVALID. */
  issues?: ValidationIssue[];
  /** Anything else worth serialising (exit code, stderr tail, path...). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Base class of every coded engine error. */
export class FramesmithError extends Error {
  override name = 'FramesmithError';
  readonly code: FramesmithErrorCode;
  readonly stage: ErrorStage | undefined;
  readonly issues: ValidationIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: FramesmithErrorCode, message: string, options: FramesmithErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.stage = options.stage;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  /** Plain-object form, safe to send over IPC or HTTP. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      stage: this.stage,
      issues: this.issues,
      details: this.details,
    };
  }
}

/** True when `err` carries the given engine error code (works across realms and processes). */
/**
 * ERR_RENDER_CANCELLED: `what` says what was stopped ("ffmpeg was stopped", "while fetching
 * media"), the abort reason stays as the cause. One definition for every stage that can be cancelled.
 */
export function cancelledError(stage: ErrorStage = 'render', what?: string, reason?: unknown): FramesmithError {
  return new FramesmithError('ERR_RENDER_CANCELLED', what ? `render cancelled${what.startsWith('while') ? ' ' : '; '}${what}` : 'render cancelled', {
    stage, ...(reason === undefined ? {} : { cause: reason }),
  });
}

export function hasErrorCode(err: unknown, code: FramesmithErrorCode): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** Builds the error raised for an invalid composition, with every issue listed. */
export function invalidTimelineError(issues: ValidationIssue[]): FramesmithError {
  const first = issues[0];
  const head = first ? `${first.pointer || '/'}: ${first.message}` : 'invalid composition';
  const rest = issues.length - 1;
  const more = rest > 0 ? ` (and ${rest} more problem${rest > 1 ? 's' : ''})` : '';
  return new FramesmithError('ERR_TIMELINE_INVALID', `invalid composition: ${head}${more}`, {
    stage: 'validate',
    issues,
  });
}
