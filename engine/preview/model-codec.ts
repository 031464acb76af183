/**
 * A compiled composition as JSON for the browser preview. The model is plain data except for
 * typed arrays (decoded 3-D meshes) and non-finite numbers (`Infinity` repeat counts), which
 * JSON cannot carry: they travel as `{"$typed": kind, "base64": …}` and `{"$number": "Infinity"}`.
 * Browser-safe.
 */

type TypedKind = 'f32' | 'u32' | 'u16' | 'u8';

const CONSTRUCTORS = {
  f32: Float32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const;

function kindOf(value: unknown): TypedKind | undefined {
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Uint32Array) return 'u32';
  if (value instanceof Uint16Array) return 'u16';
  if (value instanceof Uint8Array) return 'u8';
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * JSON text of `value`. `rewrite(key, value)` may replace any value first (the server hides
 * local file paths behind media indices with it).
 */
export function encodeModel(value: unknown, rewrite?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, raw: unknown) {
    const v = rewrite ? rewrite(key, raw) : raw;
    const kind = kindOf(v);
    if (kind) {
      const view = v as ArrayBufferView;
      return { $typed: kind, base64: toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
}

/** The value {@link encodeModel} encoded. */
export function decodeModel<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$typed === 'string' && typeof o.base64 === 'string' && o.$typed in CONSTRUCTORS) {
        const bytes = fromBase64(o.base64);
        const Ctor = CONSTRUCTORS[o.$typed as TypedKind];
        return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
      }
      if (typeof o.$number === 'string' && Object.keys(o).length === 1) return Number(o.$number);
    }
    return v;
  }) as T;
}
