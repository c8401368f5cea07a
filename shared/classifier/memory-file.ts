/**
 * `memory.bin`: the neighbour memory's typed arrays back to back (each 8-byte aligned), described
 * by the manifest's `memory.sections` (name, element type, byte offset, element count). Read back
 * as views on one buffer: loading is one file read, no parsing.
 */
import { z } from 'zod';
import type { MemoryArrays } from './memory';

const TYPES = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array } as const;
type TypeName = keyof typeof TYPES;

export const MemorySection = z.strictObject({
  name: z.enum(['vocab', 'idf', 'offsets', 'rows', 'values', 'labels']),
  type: z.enum(['u8', 'u16', 'u32']),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
export type MemorySection = z.infer<typeof MemorySection>;

const typeOf = (a: Uint8Array | Uint16Array | Uint32Array): TypeName =>
  a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'u32';

export function encodeMemory(a: MemoryArrays): { bytes: Uint8Array; sections: MemorySection[] } {
  const sections: MemorySection[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of ['vocab', 'idf', 'offsets', 'rows', 'values', 'labels'] as const) {
    const arr = a[name];
    sections.push({ name, type: typeOf(arr), offset, length: arr.length });
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    const padded = Math.ceil(bytes.byteLength / 8) * 8;
    const chunk = new Uint8Array(padded);
    chunk.set(bytes);
    parts.push(chunk);
    offset += padded;
  }
  const out = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { bytes: out, sections };
}

export function decodeMemory(buf: Uint8Array, sections: MemorySection[], file: string): MemoryArrays {
  // An aligned copy: typed-array views need offsets that are multiples of their element size.
  const own = new Uint8Array(new ArrayBuffer(buf.byteLength));
  own.set(buf);
  const get = (name: MemorySection['name']) => {
    const s = sections.find((x) => x.name === name);
    if (!s) throw new Error(`${file}: the manifest describes no "${name}" section`);
    const T = TYPES[s.type];
    if (s.offset + s.length * T.BYTES_PER_ELEMENT > own.byteLength)
      throw new Error(`${file} is shorter than its manifest says (section ${name}): rebuild the model`);
    return new T(own.buffer, s.offset, s.length);
  };
  return {
    vocab: get('vocab') as Uint32Array,
    idf: get('idf') as Uint16Array,
    offsets: get('offsets') as Uint32Array,
    rows: get('rows') as Uint16Array | Uint32Array,
    values: get('values') as Uint16Array,
    labels: get('labels') as Uint8Array,
  };
}
