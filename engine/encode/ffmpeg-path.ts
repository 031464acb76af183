/**
 * Where the ffmpeg and ffprobe binaries are.
 *
 * `FFMPEG_PATH` / `FFPROBE_PATH` win; otherwise the static builds shipped by the
 * `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe` packages are used. Those
 * packages make their binary executable in a `postinstall` script, which npm 11 skips unless
 * the package is approved, so we check the execute bit ourselves and fix it when we can.
 */
import { accessSync, chmodSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { FramesmithError } from '../errors.js';

/** Absolute (or PATH-relative, when given by the user) locations of the two binaries. */
export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);

/**
 * Resolves the ffmpeg and ffprobe binaries: `FFMPEG_PATH` / `FFPROBE_PATH` from `env` when set
 * (used as given, not checked here: a bad value fails at spawn with ERR_FFMPEG_SPAWN), else the
 * installer packages' binaries, made executable (`chmod 0o755`) if their install script did not run.
 *
 * @throws FramesmithError ERR_FFMPEG_SPAWN when an installer binary is missing or cannot be made executable.
 */
export function resolveFfmpegPaths(env: NodeJS.ProcessEnv = process.env): FfmpegPaths {
  return {
    ffmpeg: nonEmpty(env.FFMPEG_PATH) ?? installerBinary('@ffmpeg-installer/ffmpeg', 'ffmpeg', 'FFMPEG_PATH'),
    ffprobe: nonEmpty(env.FFPROBE_PATH) ?? installerBinary('@ffprobe-installer/ffprobe', 'ffprobe', 'FFPROBE_PATH'),
  };
}

/**
 * Makes sure `file` can be executed by this process, `chmod`-ing it to 0o755 if not.
 *
 * @param envVar the variable the user can set instead, named in the error message.
 * @returns `file`, unchanged.
 * @throws FramesmithError ERR_FFMPEG_SPAWN naming the path when it cannot be made executable.
 */
export function ensureExecutable(file: string, envVar: string): string {
  if (isExecutable(file)) return file;
  try {
    chmodSync(file, 0o755);
  } catch (cause) {
    throw notExecutableError(file, envVar, cause);
  }
  if (!isExecutable(file)) throw notExecutableError(file, envVar, undefined);
  return file;
}

function installerBinary(pkg: string, tool: string, envVar: string): string {
  let file: string;
  try {
    file = (require(pkg) as { path: string }).path;
  } catch (cause) {
    // The installer packages throw plain strings when their platform package is missing.
    throw new FramesmithError(
      'ERR_FFMPEG_SPAWN',
      `no ${tool} binary found via ${pkg} (${String(cause instanceof Error ? cause.message : cause)}); ` +
        `install ${tool} and set ${envVar} to its path`,
      { details: { package: pkg, envVar }, cause },
    );
  }
  return ensureExecutable(file, envVar);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function notExecutableError(file: string, envVar: string, cause: unknown): FramesmithError {
  const why = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'still not executable after chmod';
  return new FramesmithError(
    'ERR_FFMPEG_SPAWN',
    `${file} is not executable and could not be made executable (${why}); ` +
      `run "chmod 755 ${file}" or set ${envVar} to a working binary`,
    { details: { path: file, envVar }, cause },
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
