import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSegmentationDataset } from '../../data/datasets/registry';
import { encodeImage, encodeLabelPng } from '../../data/readers/writers';
import { slidingWindows, tileName } from '../../data/tiling';
import { writeDirAtomic, writeJsonAtomic } from '../../util/atomic';
import { UserError } from '../../util/errors';
import { Progress } from '../../util/progress';
import { intFlag, parseFlags, printJson, type Command } from '../command';

export const exportTilesCommand: Command = {
  name: 'export-tiles',
  summary: 'cut a dataset into tiles (sliding windows, last one shifted inside) and write PNG image/label pairs',
  usage:
    'geopretrain export-tiles <dataset> --root DIR --out DIR [--size N] [--step N] [--split S] [--modality M] [--labels eroded|full] [--limit N] [--json]\n' +
    '  writes OUT/<split>/images/<id>_<y0>_<y1>_<x0>_<x1>.png (8/16-bit PNG; float or >4-band modalities as float32 .tif)\n' +
    '  and OUT/<split>/labels/<same>.png (class ids, ignore 255); OUT is replaced atomically.\n' +
    '  --size/--step default to the default protocol crop (else 512, step = size)',
  async run(argv) {
    const { values, positionals } = parseFlags('export-tiles', argv, {
      root: { type: 'string' },
      out: { type: 'string' },
      size: { type: 'string' },
      step: { type: 'string' },
      split: { type: 'string' },
      modality: { type: 'string' },
      labels: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    const name = positionals[0];
    if (!name || positionals.length > 1) throw new UserError('export-tiles: give exactly one dataset name');
    if (!values.out) throw new UserError('export-tiles: --out DIR is required');
    if (values.labels !== undefined && values.labels !== 'eroded' && values.labels !== 'full') throw new UserError(`export-tiles: --labels must be eroded or full`);
    const ds = await openSegmentationDataset(name, values.root, { labels: values.labels as 'eroded' | 'full' | undefined });
    const crop = ds.manifest.protocols.find((p) => p.name === ds.manifest.defaultProtocol)?.crop;
    const size = intFlag('export-tiles', 'size', values.size, crop?.size ?? 512);
    const step = intFlag('export-tiles', 'step', values.step, values.size === undefined ? (crop?.step ?? size) : size);
    if (size <= 0 || step <= 0) throw new UserError('export-tiles: --size and --step must be positive');
    const limit = values.limit === undefined ? Infinity : intFlag('export-tiles', 'limit', values.limit, 0);
    const modality = values.modality ?? ds.manifest.defaultModality;
    const splits = values.split ? [values.split] : ds.splits;
    const counts: Record<string, number> = {};
    const out = path.resolve(values.out);
    await writeDirAtomic(out, async (tmp) => {
      for (const split of splits) {
        const refs = ds.list(split);
        const imgDir = path.join(tmp, split, 'images');
        const lblDir = path.join(tmp, split, 'labels');
        fs.mkdirSync(imgDir, { recursive: true });
        fs.mkdirSync(lblDir, { recursive: true });
        const progress = new Progress({ label: `export-tiles ${name}/${split}`, total: refs.length, unit: 'samples' });
        let n = 0;
        for (const ref of refs) {
          const { width, height } = await ds.size(ref);
          for (const window of slidingWindows(width, height, size, step)) {
            if (n >= limit) break;
            const sample = await ds.read(ref, { modality, window });
            const base = tileName(ref.id, window);
            const encoded = await encodeImage(sample.image);
            fs.writeFileSync(path.join(imgDir, base + encoded.ext), encoded.bytes);
            if (sample.hasLabel) fs.writeFileSync(path.join(lblDir, `${base}.png`), await encodeLabelPng(window.width, window.height, sample.label.data));
            n++;
          }
          progress.tick();
        }
        counts[split] = n;
      }
      writeJsonAtomic(path.join(tmp, 'tiles.json'), { dataset: name, root: ds.root, layout: ds.layout.id, modality, bands: ds.manifest.modalities.find((m) => m.name === modality)?.bands, size, step, ignoreIndex: ds.ignoreIndex, tiles: counts });
    });
    if (values.json) printJson({ dataset: name, out, modality, size, step, tiles: counts });
    else console.log(`wrote ${Object.entries(counts).map(([s, n]) => `${n} ${s} tiles`).join(', ')} (${size} px, step ${step}, ${modality}) to ${out}`);
    return 0;
  },
};
