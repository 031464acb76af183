#!/usr/bin/env node
// pretest: makes sure the system packages the tests use are present, installing them from
// Debian's apt when running as root (CI, containers). Today: Chromium, for the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [{ bin: '/usr/bin/chromium', pkg: 'chromium' }];
const missing = needs.filter((n) => !existsSync(n.bin));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => m.pkg);
if (process.getuid?.() !== 0) {
  console.error(`pretest: missing ${pkgs.join(', ')}; install with: sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}
console.error(`pretest: installing ${pkgs.join(', ')} with apt-get (once)`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
if (!run(['install', '-y', '-q', ...pkgs]) && !(run(['update', '-q']) && run(['install', '-y', '-q', ...pkgs]))) {
  console.error(`pretest: apt-get could not install ${pkgs.join(', ')}`);
  process.exit(1);
}
