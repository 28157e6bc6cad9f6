// Reads a whole file straight into one fresh ArrayBuffer, for precomputed data
// that is viewed as typed arrays in place: no second copy at start.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The file's bytes (shorter than its size only if it shrank while read). Throws as fs does. */
export function readWholeFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new ArrayBuffer(size));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? bytes : bytes.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
