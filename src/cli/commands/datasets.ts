import * as fs from 'node:fs';
import { loadAllManifests } from '../../data/manifest/load';
import type { DatasetManifest } from '../../data/manifest/types';
import { parseFlags, printJson, type Command } from '../command';

function describe(m: DatasetManifest) {
  const root = process.env[m.envVar];
  return {
    name: m.name,
    title: m.title,
    task: m.task,
    reader: m.reader,
    synthetic: m.synthetic,
    modalities: m.modalities.map((x) => ({ name: x.name, bands: x.bands })),
    defaultModality: m.defaultModality,
    classCount: m.classCount,
    classes: m.classes.map((c) => c.name),
    ignoreIndex: m.ignoreIndex,
    protocols: m.protocols.map((p) => p.name),
    defaultProtocol: m.defaultProtocol,
    envVar: m.envVar,
    root: root ?? null,
    rootExists: root !== undefined && fs.existsSync(root),
    layouts: m.layouts.map((l) => ({ id: l.id, detect: l.detect, files: l.files })),
    downloads: m.downloads.map((d) => ({ name: d.name, url: d.url, ...(d.md5 ? { md5: d.md5 } : {}) })),
  };
}

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'the dataset manifests known: modalities, classes, and where each expects its data',
  usage: 'geopretrain datasets [--json]',
  async run(argv) {
    const { values } = parseFlags('datasets', argv, { json: { type: 'boolean' } }, false);
    const all = loadAllManifests().map(describe);
    if (values.json) {
      printJson({ datasets: all });
      return 0;
    }
    const lines: string[] = [];
    for (const d of all) {
      lines.push(`${d.name}${d.synthetic ? ' (synthetic)' : ''} — ${d.title}`);
      lines.push(`  task: ${d.task}, ${d.classCount} classes${d.classes.length ? `: ${d.classes.join(', ')}` : ' (names from the class folders)'}`);
      lines.push(`  modalities: ${d.modalities.map((x) => `${x.name} [${x.bands.join(',')}]`).join(', ')} (default ${d.defaultModality})`);
      lines.push(`  protocols: ${d.protocols.join(', ')} (default ${d.defaultProtocol})`);
      lines.push(`  data: --root DIR or ${d.envVar}${d.root ? ` = ${d.root}${d.rootExists ? '' : ' (missing)'}` : ' (not set)'}`);
      for (const l of d.layouts) lines.push(`  layout ${l.id}: ${l.files.join(', ')}`);
      for (const dl of d.downloads) lines.push(`  get: ${dl.name}${dl.url !== 'none' ? ` <${dl.url}>` : ''}${dl.md5 ? ` md5 ${dl.md5}` : ''}`);
      lines.push('');
    }
    process.stdout.write(lines.join('\n'));
    return 0;
  },
};
