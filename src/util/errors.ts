/**
 * A problem the user can fix (bad input file, missing data, wrong flag). The CLI prints its message
 * as one line and exits non-zero; anything else is a bug and is reported with a stack under --verbose.
 */
export class UserError extends Error {
  readonly file?: string;
  constructor(message: string, file?: string) {
    super(file !== undefined ? `${file}: ${message}` : message);
    this.name = 'UserError';
    this.file = file;
  }
}

/** True when an error is meant for the user rather than a programming error. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
