import * as fs from 'node:fs';
import { UserError } from '../../util/errors';
import type { RasterFormat } from './raster';

/** The image format from the first bytes; the extension is not trusted (mmseg BMPs are named .png, ImageNet has PNGs named .JPEG). */
export function formatFromBytes(head: Uint8Array): RasterFormat | undefined {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a && b(6) === 0x1a && b(7) === 0x0a) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'bmp';
  if ((b(0) === 0x49 && b(1) === 0x49 && (b(2) === 42 || b(2) === 43) && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && (b(3) === 42 || b(3) === 43))) return 'tiff';
  return undefined;
}

/** Reads the first bytes of a file and names its format, or throws a UserError naming the file. */
export function sniffFormat(file: string): RasterFormat {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'file not found' : `cannot open (${code ?? (err as Error).message})`, file);
  }
  try {
    const head = new Uint8Array(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n === 0) throw new UserError('file is empty', file);
    const format = formatFromBytes(head.subarray(0, n));
    if (!format) {
      const hex = Array.from(head.subarray(0, Math.min(n, 8)), (v) => v.toString(16).padStart(2, '0')).join(' ');
      throw new UserError(`not a PNG, JPEG, BMP or TIFF file (first bytes ${hex})`, file);
    }
    return format;
  } finally {
    fs.closeSync(fd);
  }
}
