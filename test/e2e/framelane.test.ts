/**
 * A Framelane body end to end: the seed example ("a video element and a title", with a
 * local video in place of the remote URL) rendered to an MP4 and checked with ffprobe and by
 * decoding its frames; and the command line reading Framelane bodies (validate, render).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/framesmith.js';
import { loadCompositionFile } from '../../engine/load-composition.js';
import { renderComposition } from '../../engine/render/render-video.js';
import { probeMedia } from '../../engine/media/ffprobe.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';
import { decodeFrameNumber, makeMediaFixtures, MEDIA_FIXTURES, NUMBERED } from '../setup/media-fixtures.js';
import { ffmpeg, ffprobe } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await makeMediaFixtures();
  dir = await mkdtemp(path.join(os.tmpdir(), 'framesmith-framelane-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 160×120 at 25 fps: the numbered video (with sound) on top, a title below it, 2 s. */
function seedBody(video: string): Record<string, unknown> {
  return {
    width: NUMBERED.width, height: 120, frame_rate: 25, output_format: 'mp4',
    elements: [
      {
        type: 'video', id: 'clip', source_url: video, time: 0, in_point: 0, out_point: 2,
        x: 0, y: 0, x_anchor: '0%', y_anchor: '0%', width: NUMBERED.width, height: NUMBERED.height, volume: 80, fade_in_duration: 0.5,
      },
      {
        type: 'text', id: 'title', text: 'Seed example', time: 0, duration: 2, y: 108, font_size: 14, font_weight: 700, text_color: '#ffffff',
        motion: [{ type: 'fade', time: 0, duration: 0.4 }],
      },
    ],
  };
}

async function writeBody(name: string, doc: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(doc));
  return file;
}

/** The number the top 160×96 of every decoded frame shows. */
async function shownNumbers(file: string, height: number): Promise<number[]> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
  const { width } = NUMBERED;
  const size = width * height * 4;
  const out: number[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) {
    out.push(decodeFrameNumber(stdout.subarray(o, o + width * NUMBERED.height * 4), width, NUMBERED.height));
  }
  return out;
}

describe('the seed example', () => {
  it('renders a video element and a title to an exact MP4 with sound', async () => {
    const bodyFile = await writeBody('seed.json', seedBody(path.relative(dir, MEDIA_FIXTURES.numberedWithAudio)));
    const { composition, warnings } = await loadCompositionFile(bodyFile);
    expect(warnings).toEqual([]);
    const output = path.join(dir, 'seed.mp4');
    const result = await renderComposition(composition, { output, workers: 1 });
    expect(result.warnings).toEqual([]);
    const probe = await probeMedia(ffprobe, output, { countFrames: true });
    const video = probe.streams.find((s) => s.type === 'video');
    const audio = probe.streams.find((s) => s.type === 'audio');
    expect(probe.format.formatName).toContain('mp4');
    expect(video).toMatchObject({ codec: 'h264', width: 160, height: 120, frameCount: 50 });
    expect(video?.frameRate).toMatchObject({ num: 25, den: 1 });
    expect(audio).toMatchObject({ codec: 'aac' });
    expect(probe.format.durationSeconds).toBeGreaterThan(1.95);
    expect(probe.format.durationSeconds).toBeLessThan(2.1);
    // Frame k of the output shows source frame k (same rate, no trim).
    const numbers = await shownNumbers(output, 120);
    expect(numbers).toHaveLength(50);
    expect(numbers).toEqual(numbers.map((_n, k) => k));
  });
});

describe('the command line', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), isTTY: false }, out, err };
  }

  it('validate accepts a Framelane body and lists the problems of a bad one', async () => {
    const good = await writeBody('good.json', seedBody(MEDIA_FIXTURES.numberedVideo));
    const ok = io();
    expect(await main(['validate', good], ok.io)).toBe(0);
    expect(ok.out).toEqual([`${good}: valid`]);

    const bad = await writeBody('bad.json', { elements: [{ type: 'text', text: 'x', duration: 1, color: '#fff' }, { type: 'composition' }], alpha: true });
    const refused = io();
    expect(await main(['validate', bad], refused.io)).toBe(2);
    // Semantic rules (alpha and format) are checked once the schema passes.
    expect(refused.out).toEqual([
      '/elements/0/color: unknown field "color" (did you mean "text_color"?)',
      '/elements/1/type: "composition" elements are not supported by this renderer (unsupported_feature); expected one of: video, audio, text, image',
    ]);
    expect(refused.err.at(-1)).toBe(`${bad}: invalid (2 problems)`);
  });

  it('validate names both shapes for a document that is neither', async () => {
    const neither = await writeBody('neither.json', { hello: 'world' });
    const run = io();
    expect(await main(['validate', neither], run.io)).toBe(2);
    expect(run.out[0]).toMatch(/^\/: not a composition: expected a RenderingVideo v2 document .* or a Framelane v1 render body/);
  });

  it('render turns a Framelane body into a video', async () => {
    const body = await writeBody('cli.json', { ...seedBody(MEDIA_FIXTURES.numberedVideo), duration: 0.4 });
    const output = path.join(dir, 'cli.webm');
    const run = io();
    expect(await main(['render', body, '-o', output, '--workers', '1', '--quiet'], run.io)).toBe(0);
    expect(run.out).toEqual([output]);
    const probe = await probeMedia(ffprobe, output, { countFrames: true });
    expect(probe.streams.find((s) => s.type === 'video')).toMatchObject({ codec: 'vp9', frameCount: 10 });
  });
});
