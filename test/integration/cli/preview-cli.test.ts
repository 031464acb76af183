/**
 * `framesmith preview file.json` as an author runs it (bin → dist): it prints its address,
 * serves the player page and document for the file, warns about an invalid file but keeps
 * serving, refuses a missing file with one line, and stops cleanly on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tinyComposition } from '../helpers.js';
import { buildPreviewApp } from '../../../server/player/preview-server.js';

const BIN = path.resolve('bin/framesmith.js');
let dir: string;

beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-preview-cli-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Starts the preview; resolves with its base URL, stderr so far, and a stop function giving the exit code. */
function start(file: string): Promise<{ base: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'preview', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const base = /at (http:\/\/[^ ]+?)\/ /.exec(stdout)?.[1];
      if (base) resolve({ base, stderr: () => stderr, stop: async () => { child.kill('SIGINT'); return exited; } });
    });
    void exited.then((code) => reject(new Error(`preview exited ${code}: ${stderr}`)));
  });
}

describe('framesmith preview', () => {
  test('serves the player for a local file and stops on Ctrl-C', async () => {
    const file = path.join(dir, 'ok.json');
    await writeFile(file, JSON.stringify(tinyComposition(2, 'Hello')));
    const p = await start(file);
    try {
      const page = await fetch(`${p.base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/player/framesmith-player.js');
      const doc = await (await fetch(`${p.base}/document.json`)).json() as { format: string; composition: { durationInFrames: number; fps: number } };
      expect(doc.format).toBe('framesmith-player/1');
      expect(doc.composition.durationInFrames / doc.composition.fps).toBe(2);
      expect((await fetch(`${p.base}/player/framesmith-player.js`)).status).toBe(200);
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });

  test('an invalid file: a warning line, and the document answers 422 with the reason', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ meta: { version: '2.0.0', width: 64, height: 48, fps: 10 }, tracks: [{ clips: [{ type: 'rect', start: 0, duration: 'long' }] }] }));
    const p = await start(file);
    try {
      expect(p.stderr()).toMatch(/^warning: .*duration/m);
      const res = await fetch(`${p.base}/document.json`);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/duration/);
    } finally {
      expect(await p.stop()).toBe(0);
    }
  });

  test('answers on localhost only unless told otherwise (no DNS rebinding)', async () => {
    const file = path.join(dir, 'host.json');
    await writeFile(file, JSON.stringify(tinyComposition(1)));
    const app = await buildPreviewApp({ file, watch: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/document.json', headers: { host: 'localhost:4173' } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/document.json', headers: { host: '127.0.0.1' } })).statusCode).toBe(200);
      const evil = await app.inject({ method: 'GET', url: '/media/0', headers: { host: 'attacker.example:4173' } });
      expect(evil.statusCode).toBe(403);
    } finally {
      await app.close();
    }
    const open = await buildPreviewApp({ file, watch: false, anyHost: true });
    try {
      expect((await open.inject({ method: 'GET', url: '/document.json', headers: { host: '192.168.1.5:4173' } })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });

  test('a missing file is one line and exit 1', async () => {
    const child = spawn(process.execPath, [BIN, 'preview', path.join(dir, 'nope.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^framesmith: .*nope\.json: no such file$/)]);
  });
});
