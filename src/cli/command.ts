/** What a CLI command gets: its arguments and the streams to write to. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text, printed by `--help`. */
  readonly usage: string;
  /** Resolves to the process exit code. */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/** A usage mistake: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
