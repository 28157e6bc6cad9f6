// Reads precomputed data files straight into fresh ArrayBuffers, to be viewed
// as typed arrays in place: no second copy at start.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The file's bytes (shorter than its size only if it shrank while read). Throws as fs does. */
export function readWholeFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(new ArrayBuffer(fstatSync(fd).size));
    return bytes.subarray(0, readAt(fd, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Fills `bytes` from `position` of an open file; returns how many it got (fewer only at the file's end). */
export function readAt(fd: number, bytes: Uint8Array, position: number): number {
  let off = 0;
  while (off < bytes.length) {
    const n = readSync(fd, bytes, off, bytes.length - off, position + off);
    if (n === 0) break;
    off += n;
  }
  return off;
}
