/**
 * ImageNet-1k (and the SynthGeo pre-training set in its layout). train/<wnid>/*.JPEG; val either in
 * val/<wnid>/ folders or flat (val/ILSVRC2012_val_00000001.JPEG ...) with labels from
 *   - the devkit ground truth ILSVRC2012_validation_ground_truth.txt (one ILSVRC2012_ID 1..1000 per
 *     line, line i = image i) plus a text mapping ILSVRC2012_mapping.txt ("<ILSVRC2012_ID> <wnid> ..."
 *     per line: the devkit's meta.mat is MATLAB, so export it to text once), or
 *   - Kaggle's LOC_val_solution.csv (ImageId,PredictionString whose first word is the wnid).
 * Class id = index of the wnid among the sorted class names (not the ILSVRC2012_ID). Files are decoded
 * by content (PNGs and CMYK JPEGs hide behind .JPEG); every image is returned as 3 RGB bands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { readRaster } from '../readers/index';
import type { ClsSample } from '../types';
import { layoutById, listDirs, listFiles, isImageName, stem } from './common';
import type { ClassificationDataset, ClassificationRef, DatasetOpener } from './types';

const GT_NAME = 'ILSVRC2012_validation_ground_truth.txt';
const MAPPING_NAMES = ['ILSVRC2012_mapping.txt', 'ILSVRC2012_id_to_wnid.txt'];
const SOLUTION_NAME = 'LOC_val_solution.csv';

function findFirst(root: string, names: string[]): string | undefined {
  const dirs = [root, path.join(root, 'ILSVRC2012_devkit_t12', 'data'), path.join(root, 'devkit', 'data'), path.join(root, 'devkit'), path.join(root, 'val')];
  for (const d of dirs) for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
  return undefined;
}

/** ILSVRC2012_ID -> wnid from a text mapping file. */
export function parseIdMapping(text: string, file: string): Map<number, string> {
  const map = new Map<number, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^(\d+)[\s,]+(n\d{8}|\S+)/.exec(t);
    if (!m) throw new UserError(`line ${i + 1}: expected '<ILSVRC2012_ID> <wnid>', got ${JSON.stringify(t.slice(0, 60))}`, file);
    map.set(Number(m[1]), m[2]!);
  });
  return map;
}

/** Flat-val labels: image stem -> wnid. */
function flatValLabels(root: string): { labels: Map<string, string>; source: string } {
  const solution = findFirst(root, [SOLUTION_NAME]);
  if (solution) {
    const labels = new Map<string, string>();
    fs.readFileSync(solution, 'utf8').split(/\r?\n/).slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      const [image, prediction] = line.split(',');
      const wnid = prediction?.trim().split(/\s+/)[0];
      if (!image || !wnid) throw new UserError(`line ${i + 2}: expected ImageId,PredictionString`, solution);
      labels.set(image.trim(), wnid);
    });
    return { labels, source: path.basename(solution) };
  }
  const gt = findFirst(root, [GT_NAME]);
  if (!gt) throw new UserError(`imagenet: val/ holds images without class folders, and neither ${GT_NAME} (devkit) nor ${SOLUTION_NAME} was found`, path.join(root, 'val'));
  const mappingFile = findFirst(root, MAPPING_NAMES);
  if (!mappingFile) {
    const meta = findFirst(root, ['meta.mat']);
    throw new UserError(
      `imagenet: ${GT_NAME} gives ILSVRC2012_IDs, which need a text mapping to wnids: write ${MAPPING_NAMES[0]} with one '<ILSVRC2012_ID> <wnid>' line per class${meta ? ` (exported from ${meta}, which is MATLAB)` : ''}`,
      gt,
    );
  }
  const mapping = parseIdMapping(fs.readFileSync(mappingFile, 'utf8'), mappingFile);
  const labels = new Map<string, string>();
  fs.readFileSync(gt, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '').forEach((line, i) => {
    const id = Number(line.trim());
    const wnid = mapping.get(id);
    if (!Number.isInteger(id) || wnid === undefined) throw new UserError(`line ${i + 1}: ILSVRC2012_ID ${JSON.stringify(line.trim())} is not in ${mappingFile}`, gt);
    labels.set(`ILSVRC2012_val_${String(i + 1).padStart(8, '0')}`, wnid);
  });
  return { labels, source: `${path.basename(gt)} + ${path.basename(mappingFile)}` };
}

export const openImagenet: DatasetOpener = async (manifest, root) => {
  const trainDir = path.join(root, 'train');
  const valDir = path.join(root, 'val');
  if (!fs.existsSync(trainDir) && !fs.existsSync(valDir)) throw new UserError('imagenet: neither train/ nor val/ found under the root', root);
  const trainClasses = listDirs(trainDir);
  const valClasses = listDirs(valDir);
  const valFlat = listFiles(valDir, isImageName);
  const flat = valFlat.length > 0 && valClasses.length === 0;
  const layout = layoutById(manifest, flat ? 'flat-val-devkit' : 'class-folders');
  const notes: string[] = [];
  let flatLabels: Map<string, string> | undefined;
  if (flat) {
    const found = flatValLabels(root);
    flatLabels = found.labels;
    notes.push(`val labels from ${found.source}`);
  }
  const classNames = trainClasses.length > 0 ? trainClasses : valClasses.length > 0 ? valClasses : [...new Set(flatLabels!.values())].sort();
  if (classNames.length !== manifest.classCount) notes.push(`found ${classNames.length} classes, the manifest expects ${manifest.classCount}`);
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  const samples = new Map<string, ClassificationRef[]>();
  const fromFolders = (dir: string, split: string): ClassificationRef[] =>
    listDirs(dir).flatMap((cls) => {
      const classId = classIndex.get(cls);
      if (classId === undefined) throw new UserError(`imagenet: class folder ${cls} is not among the ${classNames.length} training classes`, path.join(dir, cls));
      return listFiles(path.join(dir, cls), isImageName).map((f) => ({ id: `${cls}/${stem(f)}`, split, classId, files: { image: path.join(dir, cls, f) } }));
    });
  if (trainClasses.length > 0) samples.set('train', fromFolders(trainDir, 'train'));
  if (valClasses.length > 0) samples.set('val', fromFolders(valDir, 'val'));
  else if (flat) {
    samples.set(
      'val',
      valFlat.map((f) => {
        const id = stem(f);
        const wnid = flatLabels!.get(id);
        if (wnid === undefined) throw new UserError(`imagenet: no ground truth for ${f}`, path.join(valDir, f));
        const classId = classIndex.get(wnid);
        if (classId === undefined) throw new UserError(`imagenet: ground truth class ${wnid} of ${f} is not among the training classes`, path.join(valDir, f));
        return { id, split: 'val', classId, files: { image: path.join(valDir, f) } };
      }),
    );
  }
  const dataset: ClassificationDataset = {
    kind: 'classification',
    name: manifest.name,
    manifest,
    root,
    layout,
    splits: [...samples.keys()],
    notes,
    classNames,
    list(split) {
      const refs = samples.get(split);
      if (!refs) throw new UserError(`${manifest.name}: no split '${split}' under ${root} (present: ${[...samples.keys()].join(', ') || 'none'})`);
      return refs;
    },
    read: (ref) => readClassificationImage(ref),
  };
  return dataset;
};

/** Any decoded image as 3 float32 bands R,G,B (gray replicated, alpha dropped, 16-bit scaled to 8-bit range). */
export async function readClassificationImage(ref: ClassificationRef): Promise<ClsSample> {
  const file = ref.files.image!;
  const r = await readRaster(file);
  const n = r.width * r.height;
  const data = new Float32Array(n * 3);
  const scale = r.dtype === 'uint16' ? 1 / 257 : 1;
  const gray = r.bands <= 2;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) data[p * 3 + c] = r.data[p * r.bands + (gray ? 0 : c)]! * scale;
  }
  return { id: ref.id, image: { width: r.width, height: r.height, bands: ['R', 'G', 'B'], data }, classId: ref.classId };
}
