/** ffprobe JSON: the display rotation of a video stream (display matrix or the old rotate tag). */
import { describe, expect, it } from 'vitest';
import { parseProbeJson } from '../../../engine/media/ffprobe.js';

const json = (stream: object): string => JSON.stringify({ format: { duration: '2.0', format_name: 'mov' }, streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, ...stream }] });

describe('parseProbeJson rotation', () => {
  it('reads the display matrix, the rotate tag, and leaves 0 out', () => {
    expect(parseProbeJson('a.mp4', json({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })).streams[0]?.rotationDegrees).toBe(-90);
    expect(parseProbeJson('a.mp4', json({ tags: { rotate: '180' } })).streams[0]?.rotationDegrees).toBe(180);
    expect(parseProbeJson('a.mp4', json({ side_data_list: [{ rotation: 0 }] })).streams[0]).not.toHaveProperty('rotationDegrees');
    expect(parseProbeJson('a.mp4', json({})).streams[0]).not.toHaveProperty('rotationDegrees');
  });
});
