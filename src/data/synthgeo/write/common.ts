import * as fs from 'node:fs';
import * as path from 'node:path';

/** What every SynthGeo disk writer takes and returns. */
export interface SynthWriteOptions {
  seed: number;
  /** Training samples (Potsdam: training tiles). */
  train: number;
  /** Evaluation samples (Potsdam: test tiles). */
  test: number;
  /** Image side in pixels (Potsdam: tile side). */
  size: number;
}

export interface SynthWriteResult {
  dataset: string;
  /** Samples per split folder/list as written. */
  counts: Record<string, number>;
  files: number;
}

/** Counts files as they are written; creates parent folders. */
export class FileSink {
  files = 0;
  private readonly made = new Set<string>();
  constructor(readonly root: string) {}

  async write(relative: string, data: Uint8Array | string): Promise<void> {
    const target = path.join(this.root, relative);
    const parent = path.dirname(target);
    if (!this.made.has(parent)) {
      await fs.promises.mkdir(parent, { recursive: true });
      this.made.add(parent);
    }
    await fs.promises.writeFile(target, data);
    this.files++;
  }
}

/** The manifest every SynthGeo folder carries at its root (also marks the folder as SynthGeo's). */
export const MANIFEST_NAME = 'synthgeo.json';

export async function writeManifest(sink: FileSink, dataset: string, options: SynthWriteOptions, counts: Record<string, number>, extra: Record<string, unknown>): Promise<void> {
  const manifest = {
    generator: 'synthgeo',
    version: 1,
    dataset,
    seed: options.seed,
    size: options.size,
    counts,
    ...extra,
  };
  await sink.write(MANIFEST_NAME, JSON.stringify(manifest, null, 2) + '\n');
}
