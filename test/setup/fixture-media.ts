/**
 * Generates the small media files the fixtures refer to (fixtures/media/generated/),
 * deterministically, so no binary media is committed.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const GENERATED_MEDIA_DIR = path.join(FIXTURES_DIR, 'media', 'generated');

/** A 96×64 picture with four coloured quadrants, a diagonal and a dot: shows fit and crop at a glance. */
function checkerPng(): Buffer {
  const canvas = createCanvas(96, 64);
  const ctx = canvas.getContext('2d');
  const colours = ['#ef4444', '#22c55e', '#3b82f6', '#facc15'];
  colours.forEach((colour, i) => {
    ctx.fillStyle = colour;
    ctx.fillRect((i % 2) * 48, Math.floor(i / 2) * 32, 48, 32);
  });
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(96, 64);
  ctx.stroke();
  ctx.fillStyle = '#000000';
  ctx.beginPath();
  ctx.arc(72, 16, 6, 0, Math.PI * 2);
  ctx.fill();
  return canvas.toBuffer('image/png');
}

/** Writes the generated media unless present. */
export async function makeFixtureMedia(): Promise<void> {
  await mkdir(GENERATED_MEDIA_DIR, { recursive: true });
  const file = path.join(GENERATED_MEDIA_DIR, 'checker.png');
  try {
    await access(file);
  } catch {
    await writeFile(file, checkerPng());
  }
}
