#!/usr/bin/env node
// Benchmark: the standard composition rendered whole, beside ffmpeg encoding the same
// number of frames alone (pipe-only), in one run, at 1080p and 720p, with 1 and 2
// segment workers, plus a scaling run with one encoder thread per worker pinned to
// 1 core vs 2 cores. Each measurement runs in its own process, one after the other
// (this is a 2-core machine: never two heavy jobs at once).
//
//   npm run bench                   # standard composition (../shared/bench)
//   npm run bench -- file.json      # any composition
//
// Prints tables and writes bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const measure = path.join(root, 'dist', 'bench', 'measure.js');
if (!existsSync(measure)) {
  console.error('bench: run `npm run build` first');
  process.exit(1);
}

function ffmpegPath() {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', "import {resolveFfmpegPaths} from './dist/engine/encode/ffmpeg-path.js'; console.log(resolveFfmpegPaths().ffmpeg)"], { cwd: root, encoding: 'utf8' });
  return out.stdout.trim();
}

/** The standard composition with its generated assets, in bench/work/. */
function standardComposition() {
  const shared = path.resolve(root, '..', 'shared', 'bench');
  const work = path.join(here, 'work');
  mkdirSync(work, { recursive: true });
  cpSync(path.join(shared, 'standard-1080p.json'), path.join(work, 'standard-1080p.json'));
  if (!existsSync(path.join(work, 'assets', 'music.wav'))) {
    const made = spawnSync('bash', [path.join(shared, 'make-assets.sh'), path.join(work, 'assets')], { env: { ...process.env, FFMPEG: ffmpegPath() }, stdio: 'inherit' });
    if (made.status !== 0) process.exit(1);
  }
  return path.join(work, 'standard-1080p.json');
}

/** The same composition stretched in time by `factor` (every start and duration), for the memory run. */
function stretched(file, factor) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  for (const track of doc.tracks) for (const clip of track.clips) {
    clip.start *= factor;
    clip.duration *= factor;
  }
  const out = file.replace(/\.json$/, `-x${factor}.json`);
  writeFileSync(out, JSON.stringify(doc));
  return out;
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Runs one measurement; `cores` pins it (and its children) to those CPUs. */
function run(mode, composition, params = {}, { env = {}, cores } = {}) {
  const args = [measure, mode, composition, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const [cmd, argv] = cores && hasTaskset ? ['taskset', ['-c', cores, process.execPath, ...args]] : [process.execPath, args];
  const res = spawnSync(cmd, argv, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

const composition = process.argv[2] ? path.resolve(process.argv[2]) : standardComposition();
const f = (n) => n.toFixed(1);
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  composition: path.relative(root, composition),
  sizes: {},
};

for (const resolution of ['1080p', '720p']) {
  const r = {
    pipeOnly: run('pipe-only', composition, { resolution }),
    oneWorker: run('render', composition, { resolution, workers: 1 }),
    twoThreads: run('render', composition, { resolution, workers: 2, backend: 'thread' }),
    twoProcesses: run('render', composition, { resolution, workers: 2, backend: 'process' }),
  };
  results.sizes[resolution] = r;
  console.log(`\n${resolution}: ${r.oneWorker.width}x${r.oneWorker.height}, ${r.oneWorker.frames} frames, ${r.oneWorker.encoder}`);
  console.log(`  pipe-only ffmpeg          ${f(r.pipeOnly.fps)} frames/s`);
  for (const [name, m] of [['1 worker', r.oneWorker], ['2 workers, threads', r.twoThreads], ['2 workers, processes', r.twoProcesses]]) {
    console.log(`  ${name.padEnd(24)}  ${f(m.fps)} frames/s  ratio ${(m.fps / r.pipeOnly.fps).toFixed(2)}  speed-up ${(m.fps / r.oneWorker.fps).toFixed(2)}x  peak RSS ${f(m.peakRssMb)} MB`);
  }
}

// Scaling the way it shows on a big machine: one encoder thread per worker, so each
// worker needs about one core; 1 worker on 1 core against 2 workers on 2 cores.
results.scaling = {
  pinned: hasTaskset,
  oneCoreOneWorker: run('render', composition, { workers: 1, threads: 1 }, { cores: '0' }),
  twoCoresTwoWorkers: run('render', composition, { workers: 2, threads: 1, backend: 'thread' }, { cores: '0,1' }),
  twoCoresTwoProcesses: run('render', composition, { workers: 2, threads: 1, backend: 'process' }, { cores: '0,1' }),
};
const s = results.scaling;
console.log(`\nscaling, 1080p, one x264 thread per worker${hasTaskset ? '' : ' (taskset missing: not pinned)'}`);
console.log(`  1 worker on 1 core          ${f(s.oneCoreOneWorker.fps)} frames/s`);
console.log(`  2 workers on 2 cores, threads    ${f(s.twoCoresTwoWorkers.fps)} frames/s  speed-up ${(s.twoCoresTwoWorkers.fps / s.oneCoreOneWorker.fps).toFixed(2)}x`);
console.log(`  2 workers on 2 cores, processes  ${f(s.twoCoresTwoProcesses.fps)} frames/s  speed-up ${(s.twoCoresTwoProcesses.fps / s.oneCoreOneWorker.fps).toFixed(2)}x`);

// Memory must stay flat as duration grows: the same composition over 10 s and 60 s.
const long = stretched(composition, 6);
results.memory = {
  tenSeconds: results.sizes['1080p'].oneWorker,
  sixtySeconds: run('render', long, { workers: 1 }),
};
const m = results.memory;
console.log(`\nmemory, 1080p, 1 worker: ${m.tenSeconds.frames} frames peak RSS ${f(m.tenSeconds.peakRssMb)} MB; ${m.sixtySeconds.frames} frames peak RSS ${f(m.sixtySeconds.peakRssMb)} MB (${f(m.sixtySeconds.fps)} frames/s)`);

results.drawOnly = run('draw-only', composition);
results.drawOnlyNoYield = run('draw-only', composition, {}, { env: { BENCH_NO_YIELD: '1' } });
const one = results.sizes['1080p'].oneWorker;
console.log(`\nwhere frame time goes (1080p, 1 worker): draw ${f(one.perFrameMs.draw)} ms, readback ${f(one.perFrameMs.readback)} ms, waiting on ffmpeg ${f(one.perFrameMs.pipeWait)} ms per frame`);
console.log(`draw+readback, no encoder  ${f(results.drawOnly.fps)} frames/s  (draw ${f(results.drawOnly.perFrameMs.draw)} ms, readback ${f(results.drawOnly.perFrameMs.readback)} ms, peak RSS ${f(results.drawOnly.peakRssMb)} MB)`);
console.log(`  never yielding           ${f(results.drawOnlyNoYield.fps)} frames/s  (readback ${f(results.drawOnlyNoYield.perFrameMs.readback)} ms, peak RSS ${f(results.drawOnlyNoYield.peakRssMb)} MB)`);
for (const w of one.warnings ?? []) console.log(`warning: ${w}`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
