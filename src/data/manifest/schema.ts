/**
 * A small structural schema language and checker for manifests: each mismatch is reported with the
 * JSON path of the offending value ($.classes[3].colour), so a user editing a manifest sees where.
 */
export type Schema =
  | { t: 'string'; enum?: readonly string[]; pattern?: RegExp; nonEmpty?: boolean }
  | { t: 'number'; integer?: boolean; min?: number; max?: number }
  | { t: 'boolean' }
  | { t: 'array'; items: Schema; minItems?: number; length?: number }
  | { t: 'object'; fields: Record<string, Schema>; optional?: readonly string[] }
  | { t: 'record'; values: Schema };

export interface SchemaProblem {
  path: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim();
}

/** Checks `value` against `schema`, appending every problem found under `path`. */
export function checkSchema(value: unknown, schema: Schema, path: string, problems: SchemaProblem[]): void {
  const fail = (message: string): void => {
    problems.push({ path, message });
  };
  switch (schema.t) {
    case 'string':
      if (typeof value !== 'string') return fail(`expected a string, got ${describe(value)}`);
      if (schema.nonEmpty && value.trim() === '') return fail('must not be empty');
      if (schema.enum && !schema.enum.includes(value)) return fail(`must be one of ${schema.enum.join(', ')}, got ${JSON.stringify(value)}`);
      if (schema.pattern && !schema.pattern.test(value)) return fail(`${JSON.stringify(value)} does not match ${schema.pattern}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected a number, got ${describe(value)}`);
      if (schema.integer && !Number.isInteger(value)) return fail(`expected an integer, got ${value}`);
      if (schema.min !== undefined && value < schema.min) return fail(`must be >= ${schema.min}, got ${value}`);
      if (schema.max !== undefined && value > schema.max) return fail(`must be <= ${schema.max}, got ${value}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected true or false, got ${describe(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
      if (schema.length !== undefined && value.length !== schema.length) return fail(`expected ${schema.length} items, got ${value.length}`);
      if (schema.minItems !== undefined && value.length < schema.minItems) return fail(`expected at least ${schema.minItems} item(s), got ${value.length}`);
      value.forEach((item, i) => checkSchema(item, schema.items, `${path}[${i}]`, problems));
      return;
    case 'record':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected an object, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) checkSchema(v, schema.values, `${path}.${k}`, problems);
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`expected an object, got ${describe(value)}`);
      const obj = value as Record<string, unknown>;
      for (const [key, sub] of Object.entries(schema.fields)) {
        if (!(key in obj)) {
          if (!schema.optional?.includes(key)) problems.push({ path: `${path}.${key}`, message: 'is required but missing' });
          continue;
        }
        checkSchema(obj[key], sub, `${path}.${key}`, problems);
      }
      for (const key of Object.keys(obj)) {
        if (!(key in schema.fields)) problems.push({ path: `${path}.${key}`, message: `unknown field (known: ${Object.keys(schema.fields).join(', ')})` });
      }
      return;
    }
  }
}

const str: Schema = { t: 'string', nonEmpty: true };
const strList: Schema = { t: 'array', items: str };
const byte: Schema = { t: 'number', integer: true, min: 0, max: 255 };
const rgb: Schema = { t: 'array', items: byte, length: 3 };

/** The manifest schema (the TypeScript mirror is ./types.ts). */
export const MANIFEST_SCHEMA: Schema = {
  t: 'object',
  fields: {
    $comment: { t: 'string' },
    name: { t: 'string', pattern: /^[a-z0-9][a-z0-9-]*$/ },
    title: str,
    task: { t: 'string', enum: ['segmentation', 'classification'] },
    reader: { t: 'string', pattern: /^[a-z0-9][a-z0-9-]*$/ },
    synthetic: { t: 'boolean' },
    citation: str,
    licence: str,
    homepage: str,
    downloads: {
      t: 'array',
      items: {
        t: 'object',
        fields: { name: str, url: { t: 'string', pattern: /^(https?:\/\/|none$)/ }, md5: { t: 'string', pattern: /^[0-9a-f]{32}$/ }, size: str, note: str },
        optional: ['md5', 'size', 'note'],
      },
    },
    envVar: { t: 'string', pattern: /^GEOPRETRAIN_DATA_[A-Z0-9_]+$/ },
    layouts: {
      t: 'array',
      minItems: 1,
      items: {
        t: 'object',
        fields: {
          id: { t: 'string', pattern: /^[a-z0-9][a-z0-9-]*$/ },
          description: str,
          detect: { t: 'array', items: str, minItems: 1 },
          files: { t: 'array', items: str, minItems: 1 },
          source: str,
          bands: strList,
          labels: {
            t: 'object',
            fields: {
              kind: { t: 'string', enum: ['colour', 'id'] },
              valueMap: { t: 'record', values: byte },
              ignoreColours: { t: 'array', items: rgb },
            },
            optional: ['valueMap', 'ignoreColours'],
          },
        },
        optional: ['source', 'labels', 'bands'],
      },
    },
    splits: {
      t: 'array',
      minItems: 1,
      items: { t: 'object', fields: { name: str, count: { t: 'number', integer: true, min: 0 }, members: strList, note: str }, optional: ['count', 'members', 'note'] },
    },
    bands: {
      t: 'array',
      minItems: 1,
      items: {
        t: 'object',
        fields: { name: str, dtype: { t: 'string', enum: ['uint8', 'uint16', 'float32'] }, bitDepth: { t: 'number', integer: true, min: 1, max: 32 }, source: str, unit: str },
        optional: ['unit'],
      },
    },
    modalities: { t: 'array', minItems: 1, items: { t: 'object', fields: { name: str, bands: { t: 'array', items: str, minItems: 1 }, description: str }, optional: ['description'] } },
    defaultModality: str,
    classes: { t: 'array', items: { t: 'object', fields: { id: byte, name: str, colour: rgb } } },
    classCount: { t: 'number', integer: true, min: 1 },
    ignoreIndex: byte,
    protocols: {
      t: 'array',
      minItems: 1,
      items: {
        t: 'object',
        fields: {
          name: str,
          description: str,
          metric: { t: 'string', enum: ['mIoU', 'mF1', 'top1'] },
          meanOver: strList,
          ignoredClasses: strList,
          labels: str,
          splits: { t: 'object', fields: { train: str, test: str, val: str }, optional: ['val'] },
          bands: strList,
          crop: { t: 'object', fields: { size: { t: 'number', integer: true, min: 1 }, step: { t: 'number', integer: true, min: 1 } } },
          source: str,
        },
        optional: ['labels', 'bands', 'crop'],
      },
    },
    defaultProtocol: str,
    normalisation: {
      t: 'array',
      items: { t: 'object', fields: { name: str, mean: { t: 'record', values: { t: 'number' } }, std: { t: 'record', values: { t: 'number', min: 0 } }, source: str } },
    },
    notes: strList,
  },
  optional: ['$comment', 'notes'],
};
