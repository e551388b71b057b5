/**
 * Label codecs: colour-coded masks (iSAID, Potsdam) <-> class ids, and id-coded masks (MFNet,
 * PST900, converted patches) with an optional value map (mmseg Potsdam: 0 -> ignore, 1..6 -> 0..5).
 * Unknown colours or values are never guessed: a UserError names the file, the value and how many
 * pixels have it — unless the layout says they mean "ignore" (Potsdam's eroded-boundary black).
 */
import { UserError } from '../../util/errors';
import type { ClassSpec, LabelEncoding, Rgb } from '../manifest/types';
import type { Raster } from '../readers/raster';

export interface UnknownValue {
  /** An RGB colour for colour codes, a single value for id codes. */
  value: number[];
  pixels: number;
}

export interface DecodedLabel {
  data: Uint8Array;
  unknown: UnknownValue[];
}

const key = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b;

function unknownMessage(kind: string, unknown: UnknownValue[]): string {
  const sorted = [...unknown].sort((a, b) => b.pixels - a.pixels);
  const first = sorted[0]!;
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more unknown ${kind}s: ${sorted.slice(1, 4).map((u) => `(${u.value.join(',')}) x${u.pixels}`).join(', ')}${sorted.length > 4 ? ', …' : ''})` : '';
  return `unknown label ${kind} (${first.value.join(',')}) in ${first.pixels} pixel${first.pixels === 1 ? '' : 's'}${more}`;
}

/** Exact-match colour table: class colours -> ids, plus colours that mean ignore. */
export class ColourCodec {
  private readonly toId = new Map<number, number>();
  private readonly fromId = new Map<number, Rgb>();

  constructor(
    classes: ClassSpec[],
    readonly ignoreIndex: number,
    ignoreColours: Rgb[] = [],
  ) {
    for (const c of classes) {
      this.toId.set(key(...c.colour), c.id);
      this.fromId.set(c.id, c.colour);
    }
    for (const c of ignoreColours) {
      if (!this.toId.has(key(...c))) this.toId.set(key(...c), ignoreIndex);
    }
    if (ignoreColours[0] && !this.fromId.has(ignoreIndex)) this.fromId.set(ignoreIndex, ignoreColours[0]);
  }

  /** Colours (uint8, >= 3 bands, extra bands ignored) -> ids; unknown colours collected, their pixels set to ignore. */
  decodeLenient(raster: Raster, file: string): DecodedLabel {
    if (raster.dtype !== 'uint8' || raster.bands < 3) throw new UserError(`colour label must be 8-bit RGB, found ${raster.bands} band(s) of ${raster.dtype}`, file);
    const n = raster.width * raster.height;
    const out = new Uint8Array(n);
    const counts = new Map<number, number>();
    const d = raster.data;
    let lastKey = -1;
    let lastId = 0;
    for (let p = 0, s = 0; p < n; p++, s += raster.bands) {
      const k = key(d[s]!, d[s + 1]!, d[s + 2]!);
      if (k !== lastKey) {
        const id = this.toId.get(k);
        if (id === undefined) {
          counts.set(k, (counts.get(k) ?? 0) + 1);
          out[p] = this.ignoreIndex;
          continue;
        }
        lastKey = k;
        lastId = id;
      }
      out[p] = lastId;
    }
    const unknown = [...counts].map(([k, pixels]) => ({ value: [(k >> 16) & 255, (k >> 8) & 255, k & 255], pixels }));
    return { data: out, unknown };
  }

  /** Colours -> ids; any unknown colour is a UserError naming the file, the colour and its pixel count. */
  decode(raster: Raster, file: string): Uint8Array {
    const { data, unknown } = this.decodeLenient(raster, file);
    if (unknown.length > 0) throw new UserError(unknownMessage('colour', unknown), file);
    return data;
  }

  /** Ids -> RGB colours (HWC, 3 bands); an id without a colour is an error. */
  encode(ids: Uint8Array): Uint8Array {
    const out = new Uint8Array(ids.length * 3);
    for (let p = 0; p < ids.length; p++) {
      const c = this.fromId.get(ids[p]!);
      if (!c) throw new Error(`class id ${ids[p]} has no colour`);
      out[p * 3] = c[0];
      out[p * 3 + 1] = c[1];
      out[p * 3 + 2] = c[2];
    }
    return out;
  }
}

/** Id-coded labels: file values -> class ids through an optional value map; other values are unknown. */
export class IdCodec {
  private readonly table = new Int16Array(256).fill(-1);

  constructor(
    classCount: number,
    readonly ignoreIndex: number,
    valueMap?: Record<string, number>,
  ) {
    if (valueMap) {
      for (const [v, id] of Object.entries(valueMap)) this.table[Number(v)] = id;
    } else {
      for (let id = 0; id < classCount; id++) this.table[id] = id;
      this.table[ignoreIndex] = ignoreIndex;
    }
  }

  decodeLenient(raster: Raster, file: string): DecodedLabel {
    if (raster.dtype !== 'uint8' || raster.bands !== 1) throw new UserError(`id label must be a single 8-bit band, found ${raster.bands} band(s) of ${raster.dtype}`, file);
    const out = new Uint8Array(raster.data.length);
    const counts = new Map<number, number>();
    for (let p = 0; p < out.length; p++) {
      const v = raster.data[p]!;
      const id = this.table[v]!;
      if (id < 0) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
        out[p] = this.ignoreIndex;
      } else {
        out[p] = id;
      }
    }
    return { data: out, unknown: [...counts].map(([v, pixels]) => ({ value: [v], pixels })) };
  }

  decode(raster: Raster, file: string): Uint8Array {
    const { data, unknown } = this.decodeLenient(raster, file);
    if (unknown.length > 0) throw new UserError(unknownMessage('value', unknown), file);
    return data;
  }
}

/** The codec a layout's label encoding asks for. */
export function codecFor(encoding: LabelEncoding, classes: ClassSpec[], ignoreIndex: number, options: { useIgnoreColours?: boolean } = {}): ColourCodec | IdCodec {
  if (encoding.kind === 'colour') return new ColourCodec(classes, ignoreIndex, options.useIgnoreColours === false ? [] : (encoding.ignoreColours ?? []));
  return new IdCodec(classes.length, ignoreIndex, encoding.valueMap);
}
