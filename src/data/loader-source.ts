/**
 * Where a batch loader gets samples from: a count and a read function (sync for in-memory
 * generators, async for files). Reads may run concurrently.
 */
export interface SampleSource<S> {
  readonly size: number;
  read(index: number): S | Promise<S>;
}

/** A source over an array of references (file paths, tile windows…) and an async reader. */
export function refSource<R, S>(refs: readonly R[], read: (ref: R, index: number) => S | Promise<S>): SampleSource<S> {
  return { size: refs.length, read: (i) => read(refs[i], i) };
}

/** A source over an in-memory generator: sample i is fn(i), computed when read. */
export function generatorSource<S>(size: number, fn: (index: number) => S): SampleSource<S> {
  return { size, read: fn };
}
