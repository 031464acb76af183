#!/usr/bin/env node
// Benchmark: the browser preview player in Debian's Chromium (headless, software canvas).
// For each composition: time from navigation start to the first drawn frame (the first load,
// which compiles the document on the server, then the median of warm loads, each in a fresh
// browser context so nothing is cached in the browser), where that time goes, and the drawing
// rate while playing (frames drawn per second of playback against the composition's fps).
//
//   npm run build && npm run bench:preview              # fixtures + the standard composition
//   npm run bench:preview -- a.json b.json               # any compositions
//
// Prints a table and writes bench/results/preview.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const server = path.join(root, 'dist', 'server', 'player', 'preview-server.js');
if (!existsSync(server)) {
  console.error('bench: run `npm run build` first');
  process.exit(1);
}
const { buildPreviewApp } = await import(server);

const standard = path.join(here, 'work', 'standard-1080p.json');
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [
  'fixtures/timelines/shapes.json', 'fixtures/timelines/text.json', 'fixtures/timelines/video.json',
  'fixtures/timelines/three-scene.json', 'fixtures/sample.json', ...(existsSync(standard) ? [path.relative(root, standard)] : []),
];
const WARM_LOADS = 5;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load(base, query = '?paused=1') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/${query}`);
  const result = await page.evaluate(async () => {
    const p = window.framesmithPlayer;
    try { await p.ready; } catch (e) { return { error: String(e) }; }
    return { first: p.firstFrameMs, timings: p.timings(), fps: p.fps, duration: p.duration };
  });
  return { context, page, result };
}

const rows = [];
for (const file of files) {
  const app = await buildPreviewApp({ file: path.resolve(root, file), watch: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server.address().port}`;
  const cold = await load(base);
  await cold.context.close();
  if (cold.result.error) {
    console.error(`${file}: ${cold.result.error}`);
    await app.close();
    continue;
  }
  const warm = [];
  let timings;
  for (let i = 0; i < WARM_LOADS; i++) {
    const l = await load(base);
    warm.push(l.result.first);
    timings = l.result.timings;
    await l.context.close();
  }
  // Playback: up to 4 s from the start, frames drawn per wall second.
  const l = await load(base);
  const play = await l.page.evaluate(async () => {
    const p = window.framesmithPlayer;
    const seconds = Math.min(4, p.duration);
    const before = p.framesDrawn;
    const start = performance.now();
    await p.play();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const drawn = p.framesDrawn - before;
    const wall = (performance.now() - start) / 1000;
    await p.pause();
    return { drawn, wall, fps: p.fps };
  });
  await l.context.close();
  await app.close();
  const row = {
    file, coldFirstFrameMs: Math.round(cold.result.first), warmFirstFrameMsMedian: Math.round(median(warm)),
    warmFirstFrameMsMax: Math.round(Math.max(...warm)), steps: timings,
    playbackDrawFps: Number((play.drawn / play.wall).toFixed(1)), compositionFps: play.fps,
  };
  rows.push(row);
  console.log(`${file}: first frame ${row.coldFirstFrameMs} ms cold, ${row.warmFirstFrameMsMedian} ms warm median (max ${row.warmFirstFrameMsMax}); `
    + `steps ${JSON.stringify(timings)}; playing draws ${row.playbackDrawFps} of ${row.compositionFps} fps`);
}
await browser.close();

console.log('\n| composition | first frame, cold | first frame, warm median (max) | playing: frames drawn/s of fps |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.file} | ${r.coldFirstFrameMs} ms | ${r.warmFirstFrameMsMedian} ms (${r.warmFirstFrameMsMax}) | ${r.playbackDrawFps} / ${r.compositionFps} |`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'preview.json'), `${JSON.stringify({ date: new Date().toISOString(), chromium: browser.version?.() ?? null, rows }, null, 2)}\n`);
