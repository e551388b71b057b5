import sharp from 'sharp';

/**
 * PNG/JPEG encoders over sharp, pinned to the exact layout each dataset uses. sharp 0.35 turns a
 * one-channel raw input into an sRGB PNG unless the colourspace is forced ('b-w' for 8-bit,
 * 'grey16' for 16-bit), so every encoder checks the PNG header it produced (bit depth, colour type)
 * and fails loudly if sharp ever changes that. RGBA raw input is written as given (no
 * premultiplication happens without a resize or composite).
 */
export type PngLayout = 'grey8' | 'grey16' | 'rgb8' | 'rgba8';

const LAYOUT: Record<PngLayout, { channels: 1 | 3 | 4; bitDepth: number; colorType: number }> = {
  grey8: { channels: 1, bitDepth: 8, colorType: 0 },
  grey16: { channels: 1, bitDepth: 16, colorType: 0 },
  rgb8: { channels: 3, bitDepth: 8, colorType: 2 },
  rgba8: { channels: 4, bitDepth: 8, colorType: 6 },
};

/** Bit depth and colour type from a PNG's IHDR chunk. */
export function pngHeader(png: Uint8Array): { width: number; height: number; bitDepth: number; colorType: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 29 || sig.some((b, i) => png[i] !== b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: png[24], colorType: png[25] };
}

export async function encodePng(pixels: Uint8Array | Uint16Array, width: number, height: number, layout: PngLayout): Promise<Buffer> {
  const spec = LAYOUT[layout];
  if (pixels.length !== width * height * spec.channels) throw new Error(`encodePng: ${pixels.length} values for ${width}x${height}x${spec.channels}`);
  if ((layout === 'grey16') !== pixels instanceof Uint16Array) throw new Error(`encodePng: ${layout} needs ${layout === 'grey16' ? 'Uint16Array' : 'Uint8Array'}`);
  let pipeline = sharp(pixels, { raw: { width, height, channels: spec.channels } });
  if (layout === 'grey8') pipeline = pipeline.toColourspace('b-w');
  if (layout === 'grey16') pipeline = pipeline.toColourspace('grey16');
  const png = await pipeline.png({ compressionLevel: 6 }).toBuffer();
  const header = pngHeader(png);
  if (header.bitDepth !== spec.bitDepth || header.colorType !== spec.colorType) {
    throw new Error(`encodePng: sharp wrote bit depth ${header.bitDepth} colour type ${header.colorType}, expected ${spec.bitDepth}/${spec.colorType} for ${layout}`);
  }
  return png;
}

export async function encodeJpeg(pixels: Uint8Array, width: number, height: number, channels: 1 | 3, quality = 95): Promise<Buffer> {
  let pipeline = sharp(pixels, { raw: { width, height, channels } });
  if (channels === 1) pipeline = pipeline.toColourspace('b-w');
  return pipeline.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
}

/** Float32 values already rounded to 0..255 (SynthGeo's 8-bit bands) as bytes, selecting bands. */
export function toBytes(data: Float32Array, bandCount: number, pick: number[]): Uint8Array {
  const n = data.length / bandCount;
  const out = new Uint8Array(n * pick.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < pick.length; k++) out[i * pick.length + k] = data[i * bandCount + pick[k]];
  }
  return out;
}

/** Runs `task(i)` for i in [0, count) with at most `limit` in flight. */
export async function forEachLimit(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
