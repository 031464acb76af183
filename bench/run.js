#!/usr/bin/env node
// Benchmark: the standard 1080p composition rendered whole, beside ffmpeg encoding the
// same number of frames alone (pipe-only), in one run. Each measurement runs in its own
// process, one after the other (this is a 2-core machine: never two heavy jobs at once).
//
//   npm run bench                   # standard composition (../shared/bench), 1080p
//   npm run bench -- file.json      # any composition
//
// Prints a table and writes bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

function run(mode, composition, env, threads) {
  const output = path.join(os.tmpdir(), `framesmith-bench-${mode}.mp4`);
  const args = [measure, mode, composition, output, ...(threads ? [String(threads)] : [])];
  const res = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) {
    console.error(res.stderr);
    process.exit(1);
  }
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

const composition = process.argv[2] ? path.resolve(process.argv[2]) : standardComposition();
const results = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  composition: path.relative(root, composition),
  pipeOnly: run('pipe-only', composition, {}),
  render: run('render', composition, {}),
  drawOnly: run('draw-only', composition, {}),
  drawOnlyNoYield: run('draw-only', composition, { BENCH_NO_YIELD: '1' }),
};
results.ratio = results.render.fps / results.pipeOnly.fps;

const f = (n) => n.toFixed(1);
console.log(`composition: ${results.composition} (${results.render.frames} frames, ${results.render.width}x${results.render.height}, ${results.render.encoder})`);
console.log(`pipe-only ffmpeg           ${f(results.pipeOnly.fps)} frames/s`);
console.log(`framesmith render          ${f(results.render.fps)} frames/s  (ratio ${results.ratio.toFixed(2)}, peak RSS ${f(results.render.peakRssMb)} MB)`);
console.log(`  per frame: draw ${f(results.render.perFrameMs.draw)} ms, readback ${f(results.render.perFrameMs.readback)} ms, waiting on ffmpeg ${f(results.render.perFrameMs.pipeWait)} ms`);
console.log(`draw+readback, no encoder  ${f(results.drawOnly.fps)} frames/s  (draw ${f(results.drawOnly.perFrameMs.draw)} ms, readback ${f(results.drawOnly.perFrameMs.readback)} ms, peak RSS ${f(results.drawOnly.peakRssMb)} MB)`);
console.log(`  never yielding           ${f(results.drawOnlyNoYield.fps)} frames/s  (readback ${f(results.drawOnlyNoYield.perFrameMs.readback)} ms, peak RSS ${f(results.drawOnlyNoYield.peakRssMb)} MB)`);
for (const w of results.render.warnings ?? []) console.log(`warning: ${w}`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
