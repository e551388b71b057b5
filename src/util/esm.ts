/**
 * Loads an ES module with a real dynamic import(). tslab compiles notebook code and src/ to CommonJS
 * and rewrites import() into require(), which cannot load ESM-only packages with top-level await
 * (vega 6, vega-lite 6) — a Function-constructed import() is left alone by every compiler.
 */
const dynamicImport = new Function('s', 'return import(s)') as (specifier: string) => Promise<unknown>;

export async function importEsm<T>(specifier: string): Promise<T> {
  return (await dynamicImport(specifier)) as T;
}
