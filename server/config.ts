/**
 * Server configuration: every setting, its default, and the environment variable that sets it.
 * The table of variables is mirrored in README.md ("REST API") and docs/api.md; keep them in step.
 */
import path from 'node:path';
import { parsePrivatePolicy, type PrivateAddressPolicy } from '../engine/assets/address-guard.js';
import { defaultWorkerCount, MAX_WORKERS } from '../engine/render/workers.js';
import { limitsFromEnv, type ResourceLimits } from '../schema/limits.js';

/** Everything the server needs; built by {@link loadConfig} or by tests directly. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Folder of the database (unless `databasePath` is set), uploads, renders and the URL-signing secret. */
  dataDir: string;
  /** SQLite file; default `<dataDir>/framesmith.db`. */
  databasePath: string;
  /** Origin (and optional path prefix) every absolute URL in a response starts with, without a trailing slash. */
  publicUrl: string;
  /** Renders running at the same time. */
  renderConcurrency: number;
  /** Upper bound of a request's `num_workers` (segment workers of one render). */
  maxWorkersPerRender: number;
  /** A render found running at start is re-queued until it has been interrupted this many times, then failed. */
  renderMaxAttempts: number;
  /** Requests per window and key (or per IP without a key). */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Credits of a key created without `--credits`. */
  defaultCredits: number;
  /** Largest uploaded file, bytes. */
  uploadMaxFileBytes: number;
  /** Bytes of uploads one key may keep. */
  storageLimitBytes: number;
  /** Largest JSON body, bytes. */
  bodyLimitBytes: number;
  /** Lifetime of signed download URLs, seconds. */
  signedUrlTtlSeconds: number;
  /** Lifetime of the `videoUrl` sent in a webhook, seconds (it must outlive the retries). */
  webhookVideoUrlTtlSeconds: number;
  /** Lifetime of previews, seconds. */
  previewTtlSeconds: number;
  /** Delays before the 2nd, 3rd, ... delivery attempt, milliseconds. */
  webhookRetryDelaysMs: number[];
  /** Time one delivery attempt may take, milliseconds. */
  webhookTimeoutMs: number;
  /** Which non-public addresses webhooks may reach: `false` none, `true` all, or CIDR ranges. */
  webhookAllowPrivate: PrivateAddressPolicy;
  /**
   * Which non-public addresses media may come from: imports (`POST /v1/imports`) use it, and it is
   * the engine's own setting for remote media in renders (`FRAMESMITH_ALLOW_PRIVATE_MEDIA`).
   */
  mediaAllowPrivate: PrivateAddressPolicy;
  /** `/v1` render bodies: ignore unknown fields as Framelane's server does, instead of 422 (default false). */
  framelaneAllowUnknownFields: boolean;
  /** Resource limits applied when validating compositions. */
  limits: ResourceLimits;
  /** Fastify logger level, or `false` for no log. */
  logLevel: string | false;
}

/** A configuration error names the variable and the bad value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = NodeJS.ProcessEnv;

function text(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function msList(env: Env, name: string, fallback: number[]): number[] {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (/^(none|off)$/i.test(raw)) return [];
  const list = raw.split(',').map((s) => s.trim());
  if (list.some((s) => !/^\d+$/.test(s))) {
    throw new ConfigError(`${name} must be a comma-separated list of milliseconds, got ${JSON.stringify(raw)}`);
  }
  return list.map(Number);
}

function bool(env: Env, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined || /^(0|false|no)$/i.test(raw)) return false;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function addressPolicy(env: Env, name: string): PrivateAddressPolicy {
  try {
    return parsePrivatePolicy(text(env, name));
  } catch (cause) {
    throw new ConfigError(`${name} must be true, false or a comma-separated list of CIDR ranges (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

function publicUrlOf(raw: string | undefined, host: string, port: number): string {
  const fallback = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;
  const value = raw ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must be http(s), got ${JSON.stringify(value)}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Default settings; `PUBLIC_URL` follows HOST and PORT unless set. */
export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  renderConcurrency: 1,
  renderMaxAttempts: 3,
  rateLimitMax: 120,
  rateLimitWindowMs: 60_000,
  defaultCredits: 100,
  uploadMaxFileBytes: 100 * 1024 * 1024,
  storageLimitBytes: 1024 * 1024 * 1024,
  signedUrlTtlSeconds: 15 * 60,
  webhookVideoUrlTtlSeconds: 24 * 3600,
  previewTtlSeconds: 7 * 24 * 3600,
  // Retries after 1, 5 and 15 minutes (docs/api.md, "Webhooks").
  webhookRetryDelaysMs: [60_000, 300_000, 900_000],
  webhookTimeoutMs: 10_000,
} as const;

/** Reads the configuration from environment variables (README.md, "REST API"). */
export function loadConfig(env: Env = process.env): ServerConfig {
  const port = integer(env, 'PORT', CONFIG_DEFAULTS.port, 0, 65535);
  const host = text(env, 'HOST') ?? CONFIG_DEFAULTS.host;
  const dataDir = path.resolve(text(env, 'DATA_DIR') ?? CONFIG_DEFAULTS.dataDir);
  const limits = (() => {
    try {
      return limitsFromEnv(env);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  })();
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  return {
    port,
    host,
    dataDir,
    databasePath: path.resolve(text(env, 'DATABASE_PATH') ?? path.join(dataDir, 'framesmith.db')),
    publicUrl: publicUrlOf(text(env, 'PUBLIC_URL'), host, port),
    renderConcurrency: integer(env, 'RENDER_CONCURRENCY', CONFIG_DEFAULTS.renderConcurrency, 1, 64),
    maxWorkersPerRender: integer(env, 'RENDER_MAX_WORKERS', defaultWorkerCount(), 1, MAX_WORKERS),
    renderMaxAttempts: integer(env, 'RENDER_MAX_ATTEMPTS', CONFIG_DEFAULTS.renderMaxAttempts, 1, 100),
    rateLimitMax: integer(env, 'RATE_LIMIT_MAX', CONFIG_DEFAULTS.rateLimitMax, 1),
    rateLimitWindowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', CONFIG_DEFAULTS.rateLimitWindowMs, 1),
    defaultCredits: integer(env, 'DEFAULT_CREDITS', CONFIG_DEFAULTS.defaultCredits, 0),
    uploadMaxFileBytes: integer(env, 'UPLOAD_MAX_FILE_BYTES', CONFIG_DEFAULTS.uploadMaxFileBytes, 1),
    storageLimitBytes: integer(env, 'STORAGE_LIMIT_BYTES', CONFIG_DEFAULTS.storageLimitBytes, 0),
    // A composition may be maxDocumentBytes; the POST /api/v1/video envelope adds a little.
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', limits.maxDocumentBytes + 64 * 1024, 1024),
    signedUrlTtlSeconds: integer(env, 'SIGNED_URL_TTL_SECONDS', CONFIG_DEFAULTS.signedUrlTtlSeconds, 1),
    webhookVideoUrlTtlSeconds: integer(env, 'WEBHOOK_VIDEO_URL_TTL_SECONDS', CONFIG_DEFAULTS.webhookVideoUrlTtlSeconds, 1),
    previewTtlSeconds: integer(env, 'PREVIEW_TTL_SECONDS', CONFIG_DEFAULTS.previewTtlSeconds, 1),
    webhookRetryDelaysMs: msList(env, 'WEBHOOK_RETRY_DELAYS_MS', [...CONFIG_DEFAULTS.webhookRetryDelaysMs]),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', CONFIG_DEFAULTS.webhookTimeoutMs, 1),
    webhookAllowPrivate: addressPolicy(env, 'WEBHOOK_ALLOW_PRIVATE'),
    mediaAllowPrivate: addressPolicy(env, 'FRAMESMITH_ALLOW_PRIVATE_MEDIA'),
    framelaneAllowUnknownFields: bool(env, 'FRAMELANE_ALLOW_UNKNOWN_FIELDS'),
    limits,
    logLevel: /^(off|silent|false)$/i.test(logLevel) ? false : logLevel,
  };
}

/** {@link loadConfig} of an empty environment, overridden field by field (tests). */
export function testConfig(overrides: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  const base = loadConfig({ DATA_DIR: overrides.dataDir, LOG_LEVEL: 'silent' });
  return { ...base, databasePath: path.join(overrides.dataDir, 'framesmith.db'), ...overrides };
}
