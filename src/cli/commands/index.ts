import type { Command } from '../command';
import { backendCommand } from './backend';

/** Every command of the CLI: a new command is one file plus one line here. */
export const COMMANDS: Command[] = [
  backendCommand,
];
