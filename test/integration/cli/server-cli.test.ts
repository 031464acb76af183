/**
 * `framesmith keys …` and `framesmith serve`, run as a user runs them (bin → dist), including a
 * server killed with SIGKILL in the middle of a render and started again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, tempDataDir, tinyComposition } from '../helpers.js';

const BIN = path.resolve('bin/framesmith.js');
let dataDir: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => { dataDir = await tempDataDir(); });
afterAll(async () => { await rm(dataDir, { recursive: true, force: true }); });

describe('framesmith keys', () => {
  test('create prints the key alone on stdout; list, credit and revoke manage it', async () => {
    const created = await cli(['keys', 'create', '--name', 'ci', '--credits', '12']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^sk-[A-Za-z0-9_-]{43}\n$/);
    const id = /created (key_[0-9a-f]+)/.exec(created.stderr)?.[1];
    expect(id).toBeTruthy();
    expect(created.stderr).toMatch(/webhook signing secret: whsec_/);

    const list = await cli(['keys', 'list']);
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.startsWith(id!))!;
    expect(row.split('\t')).toEqual([id, 'ci', `${created.stdout.slice(0, 7)}…`, '12', expect.any(String), 'active']);
    expect(list.stdout).not.toContain(created.stdout.trim());

    const credit = await cli(['keys', 'credit', id!, '8']);
    expect(credit).toMatchObject({ code: 0, stdout: '20\n' });
    const revoke = await cli(['keys', 'revoke', id!]);
    expect(revoke.code).toBe(0);
    expect((await cli(['keys', 'list'])).stdout).toMatch(new RegExp(`${id}\\t.*\\trevoked `));
  });

  test('default credits come from DEFAULT_CREDITS; usage mistakes exit 2, unknown ids 1', async () => {
    const created = await cli(['keys', 'create', '--name', 'dflt'], { DEFAULT_CREDITS: '3' });
    expect(created.stderr).toMatch(/with 3 credits/);
    expect((await cli(['keys', 'create'])).code).toBe(2);
    expect((await cli(['keys', 'create', '--name', 'x', '--credits', 'lots'])).code).toBe(2);
    expect((await cli(['keys'])).code).toBe(2);
    expect((await cli(['keys', 'frobnicate'])).code).toBe(2);
    expect((await cli(['keys', 'revoke', 'key_000000000000'])).code).toBe(1);
    // Arguments a subcommand does not take are refused, not dropped.
    const stray = await cli(['keys', 'create', 'extra', '--name', 'x']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/keys create takes --name NAME \[--credits N\]; unexpected "extra"/);
    const port = await cli(['serve', '--port', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a port number/);
    const flag = await cli(['keys', 'list', '--name', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/keys list takes no arguments; unexpected --name/);
  });
});

describe('framesmith serve', () => {
  async function start(port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
      env: { ...process.env, LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error('server did not start');
  }

  test('a render interrupted by SIGKILL is finished after the restart; SIGTERM stops the server cleanly', async () => {
    const key = (await cli(['keys', 'create', '--name', 'serve', '--credits', '100'])).stdout.trim();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    let server = await start(port);
    try {
      const config = { ...tinyComposition(20), meta: { version: '2.0.0', width: 320, height: 240, fps: 30 } };
      const task = await (await fetch(`${base}/api/v1/video`, { method: 'POST', headers, body: JSON.stringify({ config }) })).json() as { taskId: string };
      const render = await fetch(`${base}/api/v1/video/${task.taskId}/render`, { method: 'POST', headers, body: '{}' });
      expect(render.status).toBe(202);
      for (let i = 0; i < 200; i++) {
        const t = await (await fetch(`${base}/api/v1/video/${task.taskId}`, { headers })).json() as { progress: number };
        if (t.progress > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));

      server = await start(port);
      let status = '';
      for (let i = 0; i < 600 && status !== 'completed' && status !== 'failed'; i++) {
        status = ((await (await fetch(`${base}/api/v1/video/${task.taskId}`, { headers })).json()) as { status: string }).status;
        if (status !== 'completed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe('completed');
      expect(((await (await fetch(`${base}/api/v1/credits`, { headers })).json()) as { credits: number }).credits).toBe(80);
    } finally {
      const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
