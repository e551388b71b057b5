import { UserError } from '../../util/errors';
import { checkSchema, MANIFEST_SCHEMA, type SchemaProblem } from './schema';
import type { DatasetManifest } from './types';

/** The environment variable naming a dataset's root: GEOPRETRAIN_DATA_<NAME> (dashes become underscores). */
export function envVarFor(name: string): string {
  return `GEOPRETRAIN_DATA_${name.toUpperCase().replace(/-/g, '_')}`;
}

function duplicates<T>(values: T[], key: (v: T) => string): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const v of values) {
    const k = key(v);
    if (seen.has(k)) dup.push(k);
    seen.add(k);
  }
  return dup;
}

/** Cross-field rules the structural schema cannot express. */
function checkConsistency(m: DatasetManifest, expectedName: string | undefined, problems: SchemaProblem[]): void {
  const add = (path: string, message: string) => problems.push({ path, message });
  if (expectedName !== undefined && m.name !== expectedName) add('$.name', `is ${JSON.stringify(m.name)} but the file is named ${expectedName}.json`);
  if (m.envVar !== envVarFor(m.name)) add('$.envVar', `must be ${envVarFor(m.name)} for dataset ${m.name}`);
  const bandNames = new Set(m.bands.map((b) => b.name));
  for (const d of duplicates(m.bands, (b) => b.name)) add('$.bands', `band ${d} is listed twice`);
  m.modalities.forEach((mod, i) =>
    mod.bands.forEach((b, j) => {
      if (!bandNames.has(b)) add(`$.modalities[${i}].bands[${j}]`, `band ${b} is not in $.bands (${[...bandNames].join(', ')})`);
    }),
  );
  for (const d of duplicates(m.modalities, (x) => x.name)) add('$.modalities', `modality ${d} is listed twice`);
  if (!m.modalities.some((x) => x.name === m.defaultModality)) add('$.defaultModality', `${m.defaultModality} is not one of the modalities`);
  for (const d of duplicates(m.layouts, (x) => x.id)) add('$.layouts', `layout ${d} is listed twice`);
  m.layouts.forEach((l, i) => {
    if (m.task === 'segmentation' && !l.labels) add(`$.layouts[${i}].labels`, 'a segmentation layout must say how labels are encoded');
    l.bands?.forEach((b, j) => {
      if (!bandNames.has(b)) add(`$.layouts[${i}].bands[${j}]`, `band ${b} is not in $.bands`);
    });
    if (l.labels?.valueMap) {
      for (const [k, v] of Object.entries(l.labels.valueMap)) {
        if (!/^\d+$/.test(k) || Number(k) > 255) add(`$.layouts[${i}].labels.valueMap.${k}`, 'keys must be file values 0..255');
        else if (v !== m.ignoreIndex && !m.classes.some((c) => c.id === v)) add(`$.layouts[${i}].labels.valueMap.${k}`, `maps to ${v}, which is neither a class id nor the ignore id`);
      }
    }
  });
  const splitNames = new Set(m.splits.map((s) => s.name));
  for (const d of duplicates(m.splits, (s) => s.name)) add('$.splits', `split ${d} is listed twice`);
  m.splits.forEach((s, i) => {
    if (s.members && s.count !== undefined && s.members.length !== s.count) add(`$.splits[${i}].count`, `is ${s.count} but ${s.members.length} members are listed`);
  });
  if (m.task === 'segmentation') {
    if (m.classes.length === 0) add('$.classes', 'a segmentation dataset needs its class table');
    if (m.classCount !== m.classes.length) add('$.classCount', `is ${m.classCount} but ${m.classes.length} classes are listed`);
  } else if (m.classes.length > 0 && m.classCount !== m.classes.length) {
    add('$.classCount', `is ${m.classCount} but ${m.classes.length} classes are listed`);
  }
  for (const d of duplicates(m.classes, (c) => String(c.id))) add('$.classes', `class id ${d} is used twice`);
  for (const d of duplicates(m.classes, (c) => c.name)) add('$.classes', `class name ${d} is used twice`);
  for (const d of duplicates(m.classes, (c) => c.colour.join(','))) add('$.classes', `colour (${d}) is used by two classes`);
  m.classes.forEach((c, i) => {
    if (c.id === m.ignoreIndex) add(`$.classes[${i}].id`, `class ${c.name} uses the ignore id ${m.ignoreIndex}`);
    if (c.id !== i) add(`$.classes[${i}].id`, `class ids must be 0..N-1 in order; expected ${i}, got ${c.id}`);
  });
  const classNames = new Set(m.classes.map((c) => c.name));
  m.protocols.forEach((p, i) => {
    const at = `$.protocols[${i}]`;
    if (m.task === 'segmentation') {
      p.meanOver.forEach((n, j) => {
        if (!classNames.has(n)) add(`${at}.meanOver[${j}]`, `class ${JSON.stringify(n)} is not in $.classes`);
      });
      p.ignoredClasses.forEach((n, j) => {
        if (!classNames.has(n)) add(`${at}.ignoredClasses[${j}]`, `class ${JSON.stringify(n)} is not in $.classes`);
        if (p.meanOver.includes(n)) add(`${at}.ignoredClasses[${j}]`, `class ${JSON.stringify(n)} is both ignored and averaged`);
      });
    }
    for (const [role, split] of Object.entries(p.splits)) {
      if (!splitNames.has(split)) add(`${at}.splits.${role}`, `split ${JSON.stringify(split)} is not in $.splits`);
    }
    p.bands?.forEach((b, j) => {
      if (!bandNames.has(b)) add(`${at}.bands[${j}]`, `band ${b} is not in $.bands`);
    });
  });
  for (const d of duplicates(m.protocols, (p) => p.name)) add('$.protocols', `protocol ${d} is listed twice`);
  if (!m.protocols.some((p) => p.name === m.defaultProtocol)) add('$.defaultProtocol', `${m.defaultProtocol} is not one of the protocols`);
  m.normalisation.forEach((n, i) => {
    for (const key of ['mean', 'std'] as const) {
      for (const b of Object.keys(n[key])) if (!bandNames.has(b)) add(`$.normalisation[${i}].${key}.${b}`, `band ${b} is not in $.bands`);
    }
    for (const b of Object.keys(n.mean)) if (!(b in n.std)) add(`$.normalisation[${i}].std`, `has no value for band ${b}`);
  });
}

/**
 * Validates parsed manifest JSON; returns it typed or throws a UserError naming the file and the JSON
 * path of the first problem (and how many more there are).
 */
export function validateManifest(json: unknown, file: string, expectedName?: string): DatasetManifest {
  const problems: SchemaProblem[] = [];
  checkSchema(json, MANIFEST_SCHEMA, '$', problems);
  if (problems.length === 0) {
    const m = json as DatasetManifest;
    m.notes ??= [];
    checkConsistency(m, expectedName, problems);
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new UserError(`invalid manifest at ${first.path}: ${first.message}${more}`, file);
  }
  return json as DatasetManifest;
}
