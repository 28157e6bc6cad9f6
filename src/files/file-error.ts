// The error the file helpers throw: a message for the user (it starts with
// the path) and a code to act on. src/lists/edit.ts's EditError extends it.

export type FileErrorCode = 'locked' | 'io';

export class FileError<Code extends string = FileErrorCode> extends Error {
  constructor(message: string, readonly code: Code) {
    super(message);
  }
}

/** What went wrong with a file system call, in words for the user. */
export function ioMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory, not a file';
  return e instanceof Error ? e.message : String(err);
}

