export const EXIT = { ok: 0, error: 1, usage: 2, notRunning: 3 } as const;

/** A failure the user can act on: printed as one message, no stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.error) {
    super(message);
  }
}
