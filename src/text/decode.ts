// Bytes of a user's text file to text, with the line of any bad byte.
import type { LineError } from './line-error.js';

/**
 * Decodes a text file's bytes as strict UTF-8. Invalid bytes give an error on
 * the line that holds them (byte 0x0A never occurs inside a UTF-8 sequence,
 * so splitting on it first is safe).
 */
export function decodeUtf8File(bytes: Uint8Array, file: string): { text: string } | { error: LineError } {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return { text: fatal.decode(bytes) };
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          fatal.decode(bytes.subarray(start, i));
        } catch {
          return { error: { file, line, message: 'not valid UTF-8 text' } };
        }
        line++;
        start = i + 1;
      }
    }
    return { error: { file, line: 0, message: 'not valid UTF-8 text' } };
  }
}
