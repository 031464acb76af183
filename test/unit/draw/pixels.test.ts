/**
 * Pixel effects (engine/draw/effects/pixels.ts) pinned to their exact output: the digests were
 * taken from the straightforward per-channel implementation before it was optimised (per-row
 * wave offsets, one four-channel bilinear sampler, running column sums for the vertical blur,
 * lookup tables for tints), so any change of even one byte shows here.
 */
import { describe, expect, it } from 'vitest';
import { PIXEL_OPS, pixelDigests } from './pixel-digests.js';

const EXPECTED: Record<string, string> = {
  'wave': '219f905b50366ab0 2bfc764efb5bfb89 c3a7bdeaab68f101',
  'fisheye': '0c5a2745100c3aa4 967e2c51336692c5 58c7d43e3cc32636',
  'swirl': 'd235deea046dc728 8fa3d98e92afe99a 039563f0dae2fd77',
  'ripple': '4c47247ecf8f591a 40541500276fad19 a5756e144ab06d80',
  'channelShift': 'bc04cd9a18015875 e923c09aec645f24 c3a7bdeaab68f101',
  'channelShift radial': '3c9765815df5a387 b93f2435790d9c8d ab3f0ff4eabaaad4',
  'boxBlurred 1': '804bea2a33de1847+d7f91fda1d4a8fe1 9edfdf69917fac84+c00f7b320412c9ae c3a7bdeaab68f101+4ae7110d28133da0',
  'boxBlurred 6': '804bea2a33de1847+c889ae4f6e140839 9edfdf69917fac84+7bae0fbe9cd79f2f c3a7bdeaab68f101+cdd3c8c8199ede3a',
  'sharpen': '11234a9b57ed961c 1dfb5e5a119528ee 5db469432cef51ee',
  'bloom': '7fbe699e14d1c616 9edfdf69917fac84 2826cc504d7f3af6',
  'edgeBlur': 'a587f84994993b2d 1d5dd9784200acc3 8b61176031995f1e',
  'tint multiply': '0ee84584fc969dc4 547443223649572f 81cec7a9e67cc5bf',
  'tint screen': '08ccd15bf78220d2 96babd9feb21a73f c45bca74b93a1d4a',
  'tint overlay': '2a91123bc78a825f c625b5388ea3f902 e8250e2ffe4d5e44',
  'tint soft-light': '00c69783c08b5093 0db494b77d094f03 928f9ae79c02b3f7',
  'tint source-atop': 'b7bf871a06691bf1 d8891997b7462022 9b97213c708137c2',
};

describe('pixel effects output', () => {
  const actual = pixelDigests();
  it.each(PIXEL_OPS.map(([name]) => name))('%s is byte-for-byte unchanged', (name) => {
    expect(actual[name]).toBe(EXPECTED[name]);
  });
});
