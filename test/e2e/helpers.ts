/** Shared helpers for end-to-end tests that decode real outputs. */
import { resolveFfmpegPaths } from '../../engine/encode/ffmpeg-path.js';
import { runFfmpeg } from '../../engine/encode/ffmpeg-process.js';

export const { ffmpeg, ffprobe } = resolveFfmpegPaths();

/** Every frame of a video decoded to RGB24, one Buffer per frame. */
export async function decodeFrames(file: string, width: number, height: number): Promise<Buffer[]> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let offset = 0; offset + size <= stdout.length; offset += size) frames.push(stdout.subarray(offset, offset + size));
  return frames;
}

/** Peak signal-to-noise ratio between two RGB frames, in dB (Infinity when identical). */
export function psnr(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  if (sum === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

/** Frame presentation timestamps (seconds) of the first video stream. */
export async function frameTimestamps(file: string): Promise<number[]> {
  const { stdout } = await runFfmpeg(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', file]);
  return stdout.toString('utf8').split('\n').map((l) => l.split(',')[0]!).filter((l) => l !== '').map(Number);
}
