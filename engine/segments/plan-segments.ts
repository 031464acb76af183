/**
 * Splits a frame range into contiguous, even segments (pure).
 * @remarks Segments differ in length by at most one frame, and none is shorter than
 * `minFramesPerSegment` (fewer segments are planned instead): a tiny segment costs an
 * ffmpeg start and a keyframe for little work.
 */
export function planSegments(
  range: [number, number],
  workers: number,
  minFramesPerSegment = 30,
): Array<[number, number]> {
  const [first, end] = range;
  const total = Math.max(0, end - first);
  if (total === 0) return [];
  const byMinimum = Math.max(1, Math.floor(total / Math.max(1, minFramesPerSegment)));
  const count = Math.max(1, Math.min(Math.floor(workers), byMinimum, total));
  const base = Math.floor(total / count);
  const extra = total % count;
  const out: Array<[number, number]> = [];
  let start = first;
  for (let i = 0; i < count; i++) {
    const length = base + (i < extra ? 1 : 0);
    out.push([start, start + length]);
    start += length;
  }
  return out;
}
