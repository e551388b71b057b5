import { formatBenchReport } from '../../../bench/format';
import { runBench } from '../../../bench/run';
import { intFlag, parseFlags, printJson, type Command } from '../command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'training-step time of the models in tfjs vs the same network in PyTorch (ratio), plus loader and metric throughput',
  usage: 'geopretrain bench [--json] [--models a,b] [--repeats N] [--steps N] [--warmup N] [--no-torch] [--models-only]',
  async run(argv) {
    const { values } = parseFlags('bench', argv, {
      json: { type: 'boolean' },
      models: { type: 'string' },
      repeats: { type: 'string' },
      steps: { type: 'string' },
      warmup: { type: 'string' },
      'no-torch': { type: 'boolean' },
      'models-only': { type: 'boolean' },
    }, false);
    const quiet = process.env.GEOPRETRAIN_QUIET === '1';
    const report = await runBench({
      models: values.models?.split(',').map((s) => s.trim()).filter(Boolean),
      repeats: intFlag('bench', 'repeats', values.repeats, 5),
      stepsPerRepeat: intFlag('bench', 'steps', values.steps, 4),
      warmup: intFlag('bench', 'warmup', values.warmup, 3),
      noTorch: values['no-torch'],
      modelsOnly: values['models-only'],
      log: (line) => { if (!quiet) process.stderr.write(line + '\n'); },
    });
    if (values.json) printJson(report);
    else console.log(formatBenchReport(report));
    return 0;
  },
};
