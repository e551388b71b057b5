import * as fs from 'node:fs';
import { getProtocol, protocolFromClasses, type EvalProtocol, type ManifestLike, type PotsdamLabels } from '../../eval/protocols';
import { formatScoreReport, scoreDirectories } from '../../eval/score';
import type { LabelEncoding } from '../../eval/label_io';
import { UserError } from '../../util/errors';
import { intFlag, parseFlags, printJson, type Command } from '../command';

const USAGE = `geopretrain score <dataset> --pred DIR --gt DIR [flags]

  <dataset>                isaid | mfnet | pst900 | potsdam | any name with --classes
  --pred DIR               prediction label images (PNG), one per truth file, same stem
  --gt DIR                 truth label images (PNG/TIFF)
  --protocol P             potsdam: rsp (default; clutter ignored) | geoseg (clutter out of means, OA over all) | mmseg (6 classes)
  --labels eroded|full     potsdam: eroded noBoundary labels (default; black = ignore) or full labels
  --classes FILE           JSON {dataset?, classes:[{name, color?, inMean?, ignoreInMetrics?}], ignoreIndex?, headline?}
  --encoding auto|ids|colour   auto (default): 1-2 channels = class ids, 3-4 channels = palette colours
  --pred-suffix S / --gt-suffix S   removed from file stems before matching (e.g. _label_noBoundary)
  --boundary-tolerance PX  boundary F1 tolerance in pixels (default 3)
  --skip-boundary          no boundary F1
  --json                   one JSON object (fractions in [0,1]; NaN classes as null)`;

function loadClasses(file: string, dataset: string): EvalProtocol {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read class list: ${(err as Error).message.split('\n')[0]}`, file);
  }
  const m = (Array.isArray(parsed) ? { classes: parsed } : parsed) as Partial<ManifestLike>;
  return protocolFromClasses({ ...m, dataset: m.dataset ?? dataset, classes: m.classes ?? [] } as ManifestLike, file);
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'metrics (mIoU, mF1, OA, per class, boundary F1) of prediction label images against truth',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseFlags('score', argv, {
      pred: { type: 'string' },
      gt: { type: 'string' },
      protocol: { type: 'string' },
      labels: { type: 'string' },
      classes: { type: 'string' },
      encoding: { type: 'string' },
      'pred-suffix': { type: 'string' },
      'gt-suffix': { type: 'string' },
      'boundary-tolerance': { type: 'string' },
      'skip-boundary': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const dataset = positionals[0];
    if (!dataset || positionals.length > 1) throw new UserError('score: give exactly one <dataset> (see geopretrain score --help)');
    if (!values.pred || !values.gt) throw new UserError('score: --pred DIR and --gt DIR are required');
    if (values.labels !== undefined && values.labels !== 'eroded' && values.labels !== 'full') throw new UserError(`score: --labels must be eroded or full, got '${values.labels}'`);
    const encoding = (values.encoding ?? 'auto') as LabelEncoding;
    if (!['auto', 'ids', 'colour'].includes(encoding)) throw new UserError(`score: --encoding must be auto, ids or colour, got '${encoding}'`);
    const protocol = values.classes ? loadClasses(values.classes, dataset) : getProtocol(dataset, values.protocol, values.labels as PotsdamLabels | undefined);
    const tolerance = intFlag('score', 'boundary-tolerance', values['boundary-tolerance'], 3);
    if (tolerance < 0) throw new UserError('score: --boundary-tolerance must be >= 0');
    const report = await scoreDirectories({
      predDir: values.pred,
      truthDir: values.gt,
      protocol,
      predSuffix: values['pred-suffix'],
      truthSuffix: values['gt-suffix'],
      encoding,
      boundaryTolerancePx: values['skip-boundary'] ? undefined : tolerance,
    });
    if (values.json) printJson(report);
    else console.log(formatScoreReport(report));
    return 0;
  },
};
