import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs, with its errors turned into one-line usage errors. */
export function parse<T extends Options>(args: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

/**
 * Splits `<sub-command> [options]`. Returns undefined when help was asked for or nothing was
 * given (the caller prints its usage); an unknown sub-command is a usage error naming the known.
 */
export function subcommand<const S extends string>(
  command: string,
  args: readonly string[],
  known: readonly S[],
): { readonly sub: S; readonly rest: readonly string[] } | undefined {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return undefined;
  if (!(known as readonly string[]).includes(sub)) {
    throw new UsageError(`unknown ${command} command "${sub}" (expected ${known.join(', ')})`);
  }
  return { sub: sub as S, rest };
}
