/**
 * Datasets by name. A manifest names its reader module; adding a dataset = one manifest in
 * data-manifests/ + one module here in src/data/datasets/ + one line in READERS.
 */
import { loadManifest, resolveRoot } from '../manifest/load';
import type { DatasetManifest } from '../manifest/types';
import { UserError } from '../../util/errors';
import { openImagenet } from './imagenet';
import { openIsaid } from './isaid';
import { openMfnet } from './mfnet';
import { openPotsdam } from './potsdam';
import { openPst900 } from './pst900';
import type { ClassificationDataset, Dataset, DatasetOpener, DatasetOptions, SegmentationDataset } from './types';

export const READERS: Record<string, DatasetOpener> = {
  imagenet: openImagenet,
  isaid: openIsaid,
  mfnet: openMfnet,
  pst900: openPst900,
  potsdam: openPotsdam,
};

function openerFor(manifest: DatasetManifest): DatasetOpener {
  const opener = READERS[manifest.reader];
  if (!opener) throw new UserError(`${manifest.name}: manifest names reader '${manifest.reader}', which is not registered (known: ${Object.keys(READERS).join(', ')})`);
  return opener;
}

/** Opens a dataset by manifest name; the root is --root, else the manifest's GEOPRETRAIN_DATA_<NAME>. */
export async function openDataset(name: string, root?: string, options: DatasetOptions = {}): Promise<Dataset> {
  const manifest = loadManifest(name);
  return openerFor(manifest)(manifest, resolveRoot(manifest, root), options);
}

export async function openSegmentationDataset(name: string, root?: string, options: DatasetOptions = {}): Promise<SegmentationDataset> {
  const ds = await openDataset(name, root, options);
  if (ds.kind !== 'segmentation') throw new UserError(`${name} is a classification dataset, not a segmentation one`);
  return ds;
}

export async function openClassificationDataset(name: string, root?: string): Promise<ClassificationDataset> {
  const ds = await openDataset(name, root);
  if (ds.kind !== 'classification') throw new UserError(`${name} is a segmentation dataset, not a classification one`);
  return ds;
}
