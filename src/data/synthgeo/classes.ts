/**
 * Class tables of the four targets as SynthGeo writes them (ids, names and colours from the official
 * releases, see docs datasets.md) and the mapping of target classes onto the shared shape family.
 * Classes without a shape never appear in SynthGeo (absent, not rare: a class present in a handful
 * of pixels would dominate seed noise in a 16-class mean).
 */
export type Rgb = readonly [number, number, number];

export interface TargetClass {
  id: number;
  name: string;
  /** Colour in the dataset's colour-coded masks (where it has them). */
  color: Rgb;
}

export const ISAID_CLASSES: readonly TargetClass[] = [
  { id: 0, name: 'background', color: [0, 0, 0] },
  { id: 1, name: 'ship', color: [0, 0, 63] },
  { id: 2, name: 'storage_tank', color: [0, 63, 63] },
  { id: 3, name: 'baseball_diamond', color: [0, 63, 0] },
  { id: 4, name: 'tennis_court', color: [0, 63, 127] },
  { id: 5, name: 'basketball_court', color: [0, 63, 191] },
  { id: 6, name: 'ground_track_field', color: [0, 63, 255] },
  { id: 7, name: 'bridge', color: [0, 127, 63] },
  { id: 8, name: 'large_vehicle', color: [0, 127, 127] },
  { id: 9, name: 'small_vehicle', color: [0, 0, 127] },
  { id: 10, name: 'helicopter', color: [0, 0, 191] },
  { id: 11, name: 'swimming_pool', color: [0, 0, 255] },
  { id: 12, name: 'roundabout', color: [0, 191, 127] },
  { id: 13, name: 'soccer_ball_field', color: [0, 127, 191] },
  { id: 14, name: 'plane', color: [0, 127, 255] },
  { id: 15, name: 'harbor', color: [0, 100, 155] },
];

/**
 * iSAID class id -> shape index (shapes.ts). Ten classes, one shape each; basketball court, ground
 * track field, small vehicle, soccer ball field and harbor are absent.
 */
export const ISAID_SHAPE_OF_CLASS: ReadonlyMap<number, number> = new Map([
  [1, 9], // ship: crescent
  [2, 0], // storage tank: disc
  [3, 8], // baseball diamond: diamond
  [4, 1], // tennis court: square
  [7, 7], // bridge: bar
  [8, 6], // large vehicle: L-shape
  [10, 5], // helicopter: star
  [11, 2], // swimming pool: triangle
  [12, 4], // roundabout: ring
  [14, 3], // plane: cross
]);

export const MFNET_CLASSES: readonly TargetClass[] = [
  { id: 0, name: 'unlabeled', color: [0, 0, 0] },
  { id: 1, name: 'car', color: [64, 0, 128] },
  { id: 2, name: 'person', color: [64, 64, 0] },
  { id: 3, name: 'bike', color: [0, 128, 192] },
  { id: 4, name: 'curve', color: [0, 0, 192] },
  { id: 5, name: 'car_stop', color: [128, 128, 0] },
  { id: 6, name: 'guardrail', color: [64, 64, 128] },
  { id: 7, name: 'color_cone', color: [192, 128, 128] },
  { id: 8, name: 'bump', color: [192, 64, 0] },
];

/** MFNet class id -> shape: all eight object classes present. */
export const MFNET_SHAPE_OF_CLASS: ReadonlyMap<number, number> = new Map([
  [1, 7], // car: bar
  [2, 3], // person: cross
  [3, 4], // bike: ring
  [4, 9], // curve: crescent
  [5, 1], // car_stop: square
  [6, 6], // guardrail: L-shape
  [7, 2], // color_cone: triangle
  [8, 8], // bump: diamond
]);

export const PST900_CLASSES: readonly TargetClass[] = [
  { id: 0, name: 'background', color: [0, 0, 0] },
  { id: 1, name: 'fire_extinguisher', color: [200, 0, 0] },
  { id: 2, name: 'backpack', color: [0, 200, 0] },
  { id: 3, name: 'hand_drill', color: [0, 0, 200] },
  { id: 4, name: 'survivor', color: [200, 200, 0] },
];

export const PST900_SHAPE_OF_CLASS: ReadonlyMap<number, number> = new Map([
  [1, 7], // fire extinguisher: bar
  [2, 1], // backpack: square
  [3, 6], // hand drill: L-shape
  [4, 5], // survivor: star
]);

/** Potsdam ids as SynthGeo uses them in memory (GeoSeg/RSP order); 255 = eroded boundary. */
export const POTSDAM_CLASSES: readonly TargetClass[] = [
  { id: 0, name: 'impervious_surfaces', color: [255, 255, 255] },
  { id: 1, name: 'building', color: [0, 0, 255] },
  { id: 2, name: 'low_vegetation', color: [0, 255, 255] },
  { id: 3, name: 'tree', color: [0, 255, 0] },
  { id: 4, name: 'car', color: [255, 255, 0] },
  { id: 5, name: 'clutter', color: [255, 0, 0] },
];
export const POTSDAM_BOUNDARY_COLOR: Rgb = [0, 0, 0];

/** Official Potsdam tile ids (row_col), train then test. */
export const POTSDAM_TRAIN_TILES: readonly string[] = [
  '2_10', '2_11', '2_12', '3_10', '3_11', '3_12', '4_10', '4_11', '4_12', '5_10', '5_11', '5_12',
  '6_7', '6_8', '6_9', '6_10', '6_11', '6_12', '7_7', '7_8', '7_9', '7_10', '7_11', '7_12',
];
export const POTSDAM_TEST_TILES: readonly string[] = [
  '2_13', '2_14', '3_13', '3_14', '4_13', '4_14', '4_15', '5_13', '5_14', '5_15', '6_13', '6_14', '6_15', '7_13',
];

/** Colour-codes a label map (ids -> RGB bytes); ids outside the table get `fallback`. */
export function colorize(label: Uint8Array, classes: readonly TargetClass[], fallback: Rgb = [0, 0, 0]): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(fallback, i * 3);
  for (const c of classes) lut.set(c.color, c.id * 3);
  const out = new Uint8Array(label.length * 3);
  for (let i = 0; i < label.length; i++) {
    const o = label[i] * 3;
    out[i * 3] = lut[o];
    out[i * 3 + 1] = lut[o + 1];
    out[i * 3 + 2] = lut[o + 2];
  }
  return out;
}
