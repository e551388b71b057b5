/** The extensions by id: one line each. Parsing of `--extensions X1,X3`. */
import { UserError } from '../../util/errors';
import { EXTENSION_IDS, type Extension, type ExtensionId, type Stage } from './types';
import { x1Spectral } from './x1-spectral';
import { x2ModalityAgnostic } from './x2-modality-agnostic';
import { x3Viewpoint } from './x3-viewpoint';
import { x4Fourier } from './x4-fourier';
import { x5Consistency } from './x5-consistency';
import { x6Boundary } from './x6-boundary';

export type { Extension, ExtensionId, Stage } from './types';
export { EXTENSION_IDS } from './types';

export const EXTENSIONS: Record<ExtensionId, Extension> = {
  X1: x1Spectral,
  X2: x2ModalityAgnostic,
  X3: x3Viewpoint,
  X4: x4Fourier,
  X5: x5Consistency,
  X6: x6Boundary,
};

/**
 * Parses a comma-separated list ('X1,X3', case-insensitive; '' or undefined = none), sorted by id
 * and deduplicated. Ids that do not act at `stage` are an error, so a typo never runs silently.
 */
export function parseExtensions(list: string | undefined, stage: Stage): ExtensionId[] {
  if (list === undefined || list.trim() === '' || list.trim().toLowerCase() === 'none') return [];
  const ids = new Set<ExtensionId>();
  for (const raw of list.split(',')) {
    const id = raw.trim().toUpperCase();
    if (!(EXTENSION_IDS as readonly string[]).includes(id)) throw new UserError(`unknown extension '${raw.trim()}' (known: ${EXTENSION_IDS.join(', ')})`);
    const ext = EXTENSIONS[id as ExtensionId];
    if (!ext.stages.includes(stage)) {
      const usable = EXTENSION_IDS.filter((e) => EXTENSIONS[e].stages.includes(stage));
      throw new UserError(`extension ${id} (${ext.name}) does not act at ${stage} (usable there: ${usable.join(', ')})`);
    }
    ids.add(id as ExtensionId);
  }
  return EXTENSION_IDS.filter((id) => ids.has(id));
}

export function extensionsOf(ids: readonly ExtensionId[]): Extension[] {
  return [...ids].sort().map((id) => EXTENSIONS[id]);
}

/** The label used in tables: 'CSP', 'CSP+X1+X3', 'IM-RGB'. */
export function runLabel(strategyLabel: string, ids: readonly ExtensionId[]): string {
  return [strategyLabel, ...ids].join('+');
}
