/** The contract every `custos` sub-command implements. */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface Command {
  readonly name: string;
  /** One line, shown in `custos --help`. */
  readonly summary: string;
  /** The full help text, shown by `custos <name> --help`. */
  readonly usage: string;
  /** Returns the process exit code. Throw `UsageError` for bad arguments. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Bad arguments: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
