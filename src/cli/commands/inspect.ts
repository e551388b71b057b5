import { formatInspectReport, inspectDataset } from '../../data/inspect';
import { UserError } from '../../util/errors';
import { intFlag, parseFlags, printJson, type Command } from '../command';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'validate a dataset on disk: layout, counts, sizes, bands, class histogram, problems (exit 1 when any)',
  usage: 'geopretrain inspect <dataset> --root DIR [--split S] [--limit N] [--headers-only] [--labels eroded|full] [--json]',
  async run(argv) {
    const { values, positionals } = parseFlags('inspect', argv, {
      root: { type: 'string' },
      split: { type: 'string' },
      limit: { type: 'string' },
      labels: { type: 'string' },
      'headers-only': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const name = positionals[0];
    if (!name || positionals.length > 1) throw new UserError('inspect: give exactly one dataset name (geopretrain datasets lists them)');
    if (values.labels !== undefined && values.labels !== 'eroded' && values.labels !== 'full') throw new UserError(`inspect: --labels must be eroded or full, got '${values.labels}'`);
    const limit = values.limit === undefined ? undefined : intFlag('inspect', 'limit', values.limit, 0);
    const report = await inspectDataset(name, values.root, {
      split: values.split,
      limit,
      headersOnly: values['headers-only'],
      labels: values.labels as 'eroded' | 'full' | undefined,
    });
    if (values.json) printJson(report);
    else console.log(formatInspectReport(report));
    if (!report.ok) {
      if (values.json) console.error(`geopretrain inspect: ${report.problems.length} problem(s), first: ${report.problems[0]!.file}: ${report.problems[0]!.problem}`);
      return 1;
    }
    return 0;
  },
};
