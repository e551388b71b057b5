import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../util/errors';

/** One CLI command: its own file under src/cli/commands/, one line in the registry. */
export interface Command {
  name: string;
  /** One line for `geopretrain --help`. */
  summary: string;
  /** Usage text shown by `geopretrain <name> --help`. */
  usage: string;
  /** Runs the command; returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags strictly; unknown flags and missing values become one-line user errors. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options: { ...options, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]} (see geopretrain ${command} --help)`);
  }
}

/** A flag's value as an integer, with a clear error. */
export function intFlag(command: string, name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UserError(`${command}: --${name} must be an integer, got '${value}'`);
  return n;
}

/** Prints one JSON object on stdout (the `--json` contract). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
