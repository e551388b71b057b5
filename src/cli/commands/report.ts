import { writeReport } from '../../report/report';
import { UserError } from '../../util/errors';
import { intFlag, parseFlags, printJson, type Command } from '../command';

const USAGE = `geopretrain report --results DIR [flags]

  --results DIR        directory holding results.parquet / results.csv (searched recursively) and run logs (*.jsonl)
  --baseline NAME      baseline strategy (default: 'baseline' or 'IM-RGB')
  --treatment NAME     generalised strategy (default: 'generalised' or 'CSP')
  --resamples N        bootstrap resamples (default 10000)
  --seed N             bootstrap seed (default 0)
  --no-charts          tables only
  --json               one JSON object: report path, charts, paired differences

Writes DIR/report.md and DIR/charts/*.{svg,png,vl.json}.`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'Markdown report (mean ± std, per class, paired differences with bootstrap CI) with SVG/PNG charts',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(
      'report',
      argv,
      {
        results: { type: 'string' },
        baseline: { type: 'string' },
        treatment: { type: 'string' },
        resamples: { type: 'string' },
        seed: { type: 'string' },
        'no-charts': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      false,
    );
    if (!values.results) throw new UserError('report: --results DIR is required');
    const resamples = intFlag('report', 'resamples', values.resamples, 10000);
    if (resamples < 100) throw new UserError('report: --resamples must be at least 100');
    const result = await writeReport(values.results, {
      baseline: values.baseline,
      treatment: values.treatment,
      resamples,
      seed: intFlag('report', 'seed', values.seed, 0),
      charts: !values['no-charts'],
    });
    if (values.json) {
      printJson({
        report: result.reportPath,
        rows: result.rows,
        baseline: result.baseline ?? null,
        treatment: result.treatment ?? null,
        charts: result.charts.map((c) => ({ svg: c.svgPath, png: c.pngPath, spec: c.specPath, width: c.width, height: c.height })),
        differences: result.differences.map(({ differences: _d, ...d }) => d),
        sentences: result.sentences,
      });
    } else {
      console.log(`wrote ${result.reportPath} (${result.rows} rows, ${result.charts.length} charts)`);
      for (const s of result.sentences) console.log(s);
    }
    return 0;
  },
};
