// Reads the user's small text files (lists, settings) whole, safely.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The bytes of a small regular file. O_NONBLOCK so a FIFO at the path cannot
 * hang the open; fstat then rejects it, directories (code EISDIR) and devices
 * before any read, and anything over `maxBytes`. Throws the fs error (with its
 * code) or an Error whose message says what is wrong.
 */
export function readSmallFile(path: string, maxBytes: number, tooLarge = `larger than ${maxBytes} bytes`): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > maxBytes) throw new Error(tooLarge);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break; // the file shrank while we read it
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}
