import type { Command } from '../command';
import { backendCommand } from './backend';
import { datasetsCommand } from './datasets';
import { exportTilesCommand } from './export-tiles';
import { inspectCommand } from './inspect';
import { benchCommand } from './bench';
import { reportCommand } from './report';
import { scoreCommand } from './score';
import { synthCommand } from './synth';
import { reproduceCommand } from './reproduce';
import { evaluateCommand } from './evaluate';
import { pretrainCommand } from './pretrain';
import { finetuneCommand } from './finetune';

/** Every command of the CLI: a new command is one file plus one line here. */
export const COMMANDS: Command[] = [
  backendCommand,
  datasetsCommand,
  inspectCommand,
  exportTilesCommand,
  benchCommand,
  scoreCommand,
  reportCommand,
  synthCommand,
  reproduceCommand,
  evaluateCommand,
  pretrainCommand,
  finetuneCommand,
];
