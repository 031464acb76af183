/**
 * From JSON text or a file to a validated, compiled {@link Composition}.
 * Every failure is a coded FramesmithError that names the field (JSON pointer) or the file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkDocumentSize, parseJsonDocument, validateRenderingVideo, type ValidateOptions } from '../schema/validate.js';
import { compileRenderingVideo } from './compile/compile-renderingvideo.js';
import type { Composition } from './model/composition.js';
import { FramesmithError, invalidTimelineError, type ValidationIssue } from './errors.js';
import { hasIcon } from './assets/icons.js';

export interface LoadOptions extends ValidateOptions {
  /** Folder that relative media paths resolve against. */
  baseDir: string;
}

export interface LoadedComposition {
  composition: Composition;
  /** Validation warnings and compile notes, as readable lines. */
  warnings: string[];
}

/** Checks the engine knows of (beyond the schema): names that must exist in bundled data. */
function engineIssues(composition: Composition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const layer of composition.layers) {
    if (layer.element.kind === 'icon' && !hasIcon(layer.element.name)) {
      issues.push({ pointer: `${layer.pointer}/icon`, message: `unknown icon "${layer.element.name}" (bundled icon set: mdi, e.g. "mdi:star")` });
    }
  }
  return issues;
}

/** Validates and compiles an already parsed document. */
export function compileDocument(doc: unknown, options: LoadOptions): LoadedComposition {
  const result = validateRenderingVideo(doc, options);
  if (!result.ok) throw invalidTimelineError(result.errors);
  const composition = compileRenderingVideo(result.value, { baseDir: options.baseDir });
  const issues = engineIssues(composition);
  if (issues.length > 0) throw invalidTimelineError(issues);
  const warnings = [...result.warnings.map((w) => `${w.pointer || '/'}: ${w.message}`), ...composition.warnings];
  return { composition, warnings };
}

/** Parses, size-checks, validates and compiles JSON text. */
export function compileJsonText(text: string, options: LoadOptions): LoadedComposition {
  const sizeIssues = checkDocumentSize(Buffer.byteLength(text), options.limits);
  if (sizeIssues.length > 0) throw invalidTimelineError(sizeIssues);
  const parsed = parseJsonDocument(text);
  if (!parsed.ok) {
    throw new FramesmithError('ERR_JSON_PARSE', `invalid JSON: ${parsed.errors[0]?.message ?? 'cannot parse'}`, {
      stage: 'parse', issues: parsed.errors,
    });
  }
  return compileDocument(parsed.value, options);
}

/** Reads a composition file; relative media paths resolve against its folder. */
export async function loadCompositionFile(file: string, options: Omit<LoadOptions, 'baseDir'> = {}): Promise<LoadedComposition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new FramesmithError('ERR_FILE_NOT_FOUND', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(cause)})`, {
      stage: 'parse', cause,
    });
  }
  try {
    return compileJsonText(text, { ...options, baseDir: path.dirname(path.resolve(file)) });
  } catch (err) {
    if (err instanceof FramesmithError && err.code === 'ERR_JSON_PARSE') {
      throw new FramesmithError('ERR_JSON_PARSE', `${file}: ${err.message}`, { stage: 'parse', issues: err.issues });
    }
    throw err;
  }
}
