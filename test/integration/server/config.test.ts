/** Settings from environment variables: defaults, parsing, and errors that name the variable. */
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadConfig } from '../../../server/config.js';

test('defaults', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({
    port: 3000, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:3000', renderConcurrency: 1, renderMaxAttempts: 3,
    rateLimitMax: 120, rateLimitWindowMs: 60_000, defaultCredits: 100, signedUrlTtlSeconds: 900, previewTtlSeconds: 604_800,
    webhookRetryDelaysMs: [60_000, 300_000, 900_000], webhookTimeoutMs: 10_000, webhookAllowPrivate: false, logLevel: 'info',
  });
  expect(c.dataDir).toBe(path.resolve('data'));
  expect(c.databasePath).toBe(path.resolve('data', 'framesmith.db'));
});

test('every variable is read', () => {
  const c = loadConfig({
    PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/fs', PUBLIC_URL: 'https://video.example.com/fs/', RENDER_CONCURRENCY: '2',
    RENDER_MAX_WORKERS: '4', RENDER_MAX_ATTEMPTS: '5', RATE_LIMIT_MAX: '10', RATE_LIMIT_WINDOW_MS: '1000', DEFAULT_CREDITS: '0',
    UPLOAD_MAX_FILE_BYTES: '1000', STORAGE_LIMIT_BYTES: '5000', BODY_LIMIT_BYTES: '2048', SIGNED_URL_TTL_SECONDS: '60',
    WEBHOOK_VIDEO_URL_TTL_SECONDS: '120', PREVIEW_TTL_SECONDS: '30', WEBHOOK_RETRY_DELAYS_MS: '10, 20,30', WEBHOOK_TIMEOUT_MS: '500',
    WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8,10.0.0.0/8', LOG_LEVEL: 'silent', FRAMESMITH_MAX_WIDTH: '640',
  });
  expect(c).toMatchObject({
    port: 8080, host: '0.0.0.0', dataDir: '/srv/fs', databasePath: '/srv/fs/framesmith.db', publicUrl: 'https://video.example.com/fs',
    renderConcurrency: 2, maxWorkersPerRender: 4, renderMaxAttempts: 5, rateLimitMax: 10, rateLimitWindowMs: 1000, defaultCredits: 0,
    uploadMaxFileBytes: 1000, storageLimitBytes: 5000, bodyLimitBytes: 2048, signedUrlTtlSeconds: 60, webhookVideoUrlTtlSeconds: 120,
    previewTtlSeconds: 30, webhookRetryDelaysMs: [10, 20, 30], webhookTimeoutMs: 500, webhookAllowPrivate: ['127.0.0.0/8', '10.0.0.0/8'],
    logLevel: false,
  });
  expect(c.limits.maxWidth).toBe(640);
  expect(loadConfig({ HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:3000');
  expect(loadConfig({ WEBHOOK_RETRY_DELAYS_MS: 'none' }).webhookRetryDelaysMs).toEqual([]);
  expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
});

test.each([
  ['PORT', 'http'],
  ['PORT', '70000'],
  ['RENDER_CONCURRENCY', '0'],
  ['RATE_LIMIT_MAX', '-1'],
  ['WEBHOOK_RETRY_DELAYS_MS', '1m,5m'],
  ['WEBHOOK_ALLOW_PRIVATE', 'intranet'],
  ['PUBLIC_URL', 'ftp://x'],
  ['PUBLIC_URL', 'not a url'],
  ['FRAMESMITH_MAX_WIDTH', 'wide'],
])('%s=%s is refused, naming the variable', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(name);
});

test('a key in the query string is redacted from logged URLs', async () => {
  const { redactUrl } = await import('../../../server/app.js');
  expect(redactUrl('/api/v1/credits?api_key=sk-abc&x=1')).toBe('/api/v1/credits?api_key=[redacted]&x=1');
  expect(redactUrl('/api/v1/video?page=2&API_KEY=sk-abc')).toBe('/api/v1/video?page=2&API_KEY=[redacted]');
  expect(redactUrl('/api/v1/video')).toBe('/api/v1/video');
});
