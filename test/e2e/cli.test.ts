/** The framesmith command line, run as a user runs it (bin → dist). */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { FIXTURES_DIR } from '../setup/fixture-media.js';

const BIN = path.resolve('bin/framesmith.js');
let dir: string;

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], opts: { onStderr?: (chunk: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      opts.onStderr?.(String(d), child);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function writeDoc(name: string, doc: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const minimal = (clips: unknown[]) => ({ meta: { version: '2.0.0', width: 64, height: 48, fps: 10 }, tracks: [{ clips }] });
const errorLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !l.startsWith('warning:'));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('framesmith validate', () => {
  it('exits 0 for a valid document', async () => {
    const run = await cli(['validate', path.join(FIXTURES_DIR, 'sample.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid/);
  });

  it('exits 2 and prints one line per problem with its JSON pointer', async () => {
    const file = await writeDoc('bad.json', minimal([
      { type: 'rect', start: 0, duration: 1, style: { fill: 'reddish' } },
      { type: 'circle', start: -1, duration: 1, size: 10 },
    ]));
    const run = await cli(['validate', file]);
    expect(run.code).toBe(2);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.startsWith('/tracks/0/clips/0/style/fill: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('/tracks/0/clips/1/start: '))).toBe(true);
  });

  it('reports invalid JSON with its line and column', async () => {
    const file = await writeDoc('broken.json', '{\n  "meta": {,\n}');
    const run = await cli(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/line 2/);
  });

  it('names a missing file', async () => {
    const run = await cli(['validate', path.join(dir, 'nope.json')]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([expect.stringContaining('nope.json')]);
  });
});

describe('framesmith render', () => {
  it('renders an MP4 and prints its path', async () => {
    const out = path.join(dir, 'out', 'ok.mp4');
    const run = await cli(['render', path.join(FIXTURES_DIR, 'e2e', 'two-seconds.json'), '-o', out, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });

  it('refuses an invalid document in one line naming the field, and writes nothing', async () => {
    const file = await writeDoc('invalid.json', minimal([{ type: 'text', start: 0, duration: 1 }]));
    const out = path.join(dir, 'invalid.mp4');
    const run = await cli(['render', file, '-o', out]);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/\/tracks\/0\/clips\/0.*text/)]);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names the clip and the file when an image is missing, and writes nothing', async () => {
    const file = await writeDoc('missing-image.json', minimal([{ type: 'image', start: 0, duration: 1, src: 'does-not-exist.png' }]));
    const out = path.join(dir, 'missing.mp4');
    const run = await cli(['render', file, '-o', out]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/\/tracks\/0\/clips\/0\/src.*does-not-exist\.png.*not found/)]);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names the clip when an image cannot be decoded, and writes nothing', async () => {
    await writeFile(path.join(dir, 'corrupt.png'), 'this is not a png');
    const file = await writeDoc('corrupt-image.json', minimal([{ type: 'image', start: 0, duration: 1, src: 'corrupt.png' }]));
    const out = path.join(dir, 'corrupt.mp4');
    const run = await cli(['render', file, '-o', out]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/\/tracks\/0\/clips\/0\/src.*corrupt\.png.*cannot decode/)]);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops on SIGINT with exit 130, no output and no temporary files', async () => {
    const doc = { meta: { version: '2.0.0', width: 1280, height: 720, fps: 30 }, tracks: [{ clips: [{ type: 'text', text: 'long', start: 0, duration: 60 }] }] };
    const file = await writeDoc('long.json', doc);
    const out = path.join(dir, 'long.mp4');
    let sent = false;
    const run = await cli(['render', file, '-o', out], {
      onStderr: (chunk, child) => {
        if (!sent && /frame [1-9]/.test(chunk)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).filter((f) => f.startsWith('framesmith-'))).toEqual([]);
  });
});

describe('framesmith frame', () => {
  it('writes the PNG of the frame at --time', async () => {
    const out = path.join(dir, 'still.png');
    const run = await cli(['frame', path.join(FIXTURES_DIR, 'e2e', 'two-seconds.json'), '--time', '1.5', '-o', out]);
    expect(run.code).toBe(0);
    const png = PNG.sync.read(await readFile(out));
    expect([png.width, png.height]).toEqual([320, 240]);
    // t = 1.5 s is in the blue second.
    expect(png.data[2]).toBeGreaterThan(180);
    expect(png.data[0]).toBeLessThan(60);
  });

  it('refuses a bad --time with exit 2', async () => {
    const run = await cli(['frame', path.join(FIXTURES_DIR, 'sample.json'), '--time', 'soon', '-o', path.join(dir, 'x.png')]);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([expect.stringContaining('--time')]);
  });

  it('usage mistakes are one line and exit 2: an unknown option, a bitrate off the ladder, a malformed port', async () => {
    const sample = path.join(FIXTURES_DIR, 'sample.json');
    const unknown = await cli(['render', sample, '-o', path.join(dir, 'u.mp4'), '--speed', 'fast']);
    expect(unknown.code).toBe(2);
    expect(errorLines(unknown.stderr)).toEqual([expect.stringMatching(/--speed.*see framesmith help/)]);
    const bitrate = await cli(['render', sample, '-o', path.join(dir, 'b.mp4'), '--video-bitrate', '7']);
    expect(bitrate.code).toBe(2);
    expect(errorLines(bitrate.stderr)).toEqual([expect.stringMatching(/--video-bitrate must be one of 5, 10, 20, 50/)]);
    const port = await cli(['preview', sample, '--port', '0x1F90']);
    expect(port.code).toBe(2);
    expect(errorLines(port.stderr)).toEqual([expect.stringContaining('--port')]);
  });
});
