/**
 * Helpers both APIs share (REST and /v1), checked on their own: the signed-URL verdict with the
 * seconds left, which each API maps to its own error.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkSignedUrl, createStorage, type Storage } from '../../../server/storage/storage.js';
import { tempDataDir } from '../helpers.js';

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = await tempDataDir();
  storage = createStorage(dir, 'http://127.0.0.1:3000');
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('checkSignedUrl', () => {
  const now = 1_700_000_000_000;
  const signed = (pathname: string, ttl: number) => {
    const u = new URL(storage.signedUrl(pathname, ttl, now));
    return { url: `${u.pathname}${u.search}`, query: Object.fromEntries(u.searchParams) as { expires?: string; sig?: string } };
  };

  test('ok with the seconds left; expired once past; invalid when the path, expiry or signature changed', () => {
    const { url, query } = signed('/dl/files/f1/a.png', 600);
    expect(checkSignedUrl(storage, url, query, now)).toEqual({ verdict: 'ok', secondsLeft: 600 });
    expect(checkSignedUrl(storage, url, query, now + 601_000)).toMatchObject({ verdict: 'expired' });
    expect(checkSignedUrl(storage, url, query, now + 601_000).secondsLeft).toBeLessThan(0);
    expect(checkSignedUrl(storage, url.replace('a.png', 'b.png'), query, now).verdict).toBe('invalid');
    expect(checkSignedUrl(storage, url, { ...query, expires: String(Number(query.expires) + 1) }, now).verdict).toBe('invalid');
    expect(checkSignedUrl(storage, url, { expires: query.expires }, now).verdict).toBe('invalid');
  });
});
