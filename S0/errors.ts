/**
 * An error a user can meet and act on: the CLI prints `message` (and `hint`)
 * without a stack trace and exits with `exitCode`.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly options: { hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
  get hint(): string | undefined {
    return this.options.hint;
  }
  get exitCode(): number {
    return this.options.exitCode ?? 2;
  }
}
