// A problem in one of the user's text files (lists, config.toml), at a line,
// and how it is printed.

/** One problem in a text file. `line` is 1-based; 0 means the whole file. */
export interface LineError {
  file: string;
  line: number;
  message: string;
}

/** "file:line: message" (or "file: message" for whole-file problems), like compilers print. */
export function formatError(e: LineError): string {
  return e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`;
}
