import * as fs from 'node:fs';
import * as path from 'node:path';
import { SYNTH_DATASETS, SYNTH_DATASET_NAMES, type SynthDatasetName } from '../../data/synthgeo/registry';
import { MANIFEST_NAME, type SynthWriteResult } from '../../data/synthgeo/write/common';
import { writeDirAtomic } from '../../util/atomic';
import { UserError, errorMessage } from '../../util/errors';
import { intFlag, parseFlags, printJson, type Command } from '../command';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write a SynthGeo dataset (imagenet|isaid|mfnet|pst900|potsdam) in its real file layout',
  usage: [
    'geopretrain synth <dataset> --out DIR [--seed N] [--train N] [--test N] [--size N] [--json]',
    '',
    ...SYNTH_DATASET_NAMES.map((name) => {
      const d = SYNTH_DATASETS[name].defaults;
      return `  ${name.padEnd(9)} ${SYNTH_DATASETS[name].summary} (defaults: --train ${d.train} --test ${d.test} --size ${d.size})`;
    }),
    '',
    'The folder is built under a temporary name and renamed into place when complete. An existing',
    `--out is replaced only if it is empty or a previous SynthGeo folder (it has ${MANIFEST_NAME}).`,
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseFlags('synth', argv, {
      out: { type: 'string' },
      seed: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      size: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UserError(`synth: expected one dataset (${SYNTH_DATASET_NAMES.join('|')}), got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const name = positionals[0] as SynthDatasetName;
    if (!(SYNTH_DATASET_NAMES as readonly string[]).includes(name)) throw new UserError(`synth: unknown dataset '${name}' (one of ${SYNTH_DATASET_NAMES.join(', ')})`);
    const entry = SYNTH_DATASETS[name];
    if (!values.out) throw new UserError('synth: --out DIR is required');
    const out = path.resolve(values.out);
    const options = {
      seed: intFlag('synth', 'seed', values.seed, 0),
      train: intFlag('synth', 'train', values.train, entry.defaults.train),
      test: intFlag('synth', 'test', values.test, entry.defaults.test),
      size: intFlag('synth', 'size', values.size, entry.defaults.size),
    };
    if (options.seed < 0) throw new UserError('synth: --seed must be >= 0');
    if (options.train < 0 || options.test < 0) throw new UserError('synth: --train and --test must be >= 0');
    if (options.size < entry.minSize || options.size > 8192) throw new UserError(`synth: --size must be between ${entry.minSize} and 8192 for ${name}`);
    checkOut(out);

    const started = Date.now();
    let result: SynthWriteResult | undefined;
    try {
      await writeDirAtomic(out, async (dir) => {
        result = await entry.write(dir, options);
      });
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EROFS' || code === 'ENOSPC' || code === 'EEXIST') {
        throw new UserError(`cannot write there: ${errorMessage(err).split('\n')[0]}`, values.out);
      }
      throw err;
    }
    const seconds = (Date.now() - started) / 1000;
    const summary = { dataset: name, out, ...options, counts: result!.counts, files: result!.files, seconds };
    if (values.json) printJson(summary);
    else {
      const counts = Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(`synth ${name}: wrote ${summary.files} files (${counts}) to ${out} in ${seconds.toFixed(1)} s (seed ${options.seed}, size ${options.size})`);
    }
    return 0;
  },
};

/** Refuses an --out that is a file, sits under a file, or is a foreign non-empty folder. */
function checkOut(out: string): void {
  let probe = out;
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  const stat = fs.statSync(probe);
  if (!stat.isDirectory()) {
    throw new UserError(probe === out ? 'exists and is a file, not a folder' : `${probe} is a file, so the folder cannot be created`, out);
  }
  if (probe === out) {
    const entries = fs.readdirSync(out);
    if (entries.length > 0 && !entries.includes(MANIFEST_NAME)) {
      throw new UserError(`exists, is not empty and is not a SynthGeo folder (no ${MANIFEST_NAME}); choose a new or empty folder`, out);
    }
  }
  try {
    fs.accessSync(probe, fs.constants.W_OK);
  } catch {
    throw new UserError(`${probe} is not writable`, out);
  }
}
