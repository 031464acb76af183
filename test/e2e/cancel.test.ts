/**
 * Cancelling a parallel render: every worker and every ffmpeg has exited within 2 s and
 * nothing is left in the temp folder (TMPDIR), for worker threads and child processes.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileDocument } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';

const LONG = {
  meta: { version: '2.0.0', width: 640, height: 360, fps: 30 },
  tracks: [{ clips: [
    { type: 'text', text: 'cancel me', start: 0, duration: 120, animations: [{ type: 'rotate', from: 0, to: 360, duration: 120 }] },
  ] }],
};

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'framesmith-cancel-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Pids of live processes whose command line mentions `needle` (ffmpeg names its segment files in TMPDIR). */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (cmdline.includes(needle) || environ.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('cancellation', () => {
  it('an AbortSignal stops every worker thread and ffmpeg within 2 s and removes the temp files', async () => {
    const { composition } = compileDocument(LONG, { baseDir: tmp });
    const work = path.join(tmp, 'work');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(work);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = work;
    const controller = new AbortController();
    const output = path.join(tmp, 'out.mp4');
    let cancelledAt = 0;
    try {
      const render = renderComposition(composition, {
        output, workers: 2, backend: 'thread', signal: controller.signal,
        onProgress: (p) => {
          if (p.framesDone >= 10 && !controller.signal.aborted) {
            cancelledAt = Date.now();
            controller.abort();
          }
        },
      });
      await expect(render).rejects.toMatchObject({ code: 'ERR_RENDER_CANCELLED' });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(cancelledAt).toBeGreaterThan(0);
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    expect(await processesMentioning(work)).toEqual([]);
    expect(await readdir(work)).toEqual([]);
    await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('SIGTERM to the CLI stops every worker process and ffmpeg within 2 s and removes the temp files', async () => {
    const file = path.join(tmp, 'long.json');
    await writeFile(file, JSON.stringify(LONG));
    const work = path.join(tmp, 'work');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(work);
    const marker = `FRAMESMITH_TEST_MARKER_${process.pid}_${Date.now()}`;
    const child = spawn(process.execPath, [path.resolve('bin/framesmith.js'), 'render', file, '-o', path.join(tmp, 'out.mp4'), '--workers', '2', '--backend', 'process'], {
      env: { ...process.env, TMPDIR: work, [marker]: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<void>((resolve) => child.stderr.on('data', (d) => {
      stderr += d;
      if (/frame [1-9]\d/.test(stderr)) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await started;
    expect((await processesMentioning(marker)).length).toBeGreaterThanOrEqual(5); // cli, 2 workers, 2 ffmpeg
    const killedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(await waitFor(async () => (await processesMentioning(marker)).length === 0, 2000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    expect(await readdir(work)).toEqual([]);
    await expect(stat(path.join(tmp, 'out.mp4'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
