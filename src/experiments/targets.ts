/**
 * The paper's four target datasets as the suite uses them: the modality fine-tuned on, its channel
 * count n (one CSP checkpoint per n), the headline metric and what the paper reports.
 */
export type TargetName = 'isaid' | 'mfnet' | 'pst900' | 'potsdam';

export interface TargetSpec {
  name: TargetName;
  title: string;
  /** Modality name understood by the dataset module (band order in the name). */
  modality: string;
  channels: number;
  /** The modality group of the "gain per modality" analysis. */
  modalityGroup: 'RGB' | 'RGB-T' | 'RGB+IR+DSM';
  metric: 'mIoU' | 'mF1';
  /** The paper's full-scale result (percent), shown only beside paper-scale runs. */
  paperValue: number;
  /** Channel-order perturbations for the robustness test: a permutation of 0..n-1 and its name. */
  perturbations: { name: string; order: number[] }[];
}

export const TARGETS: readonly TargetSpec[] = [
  {
    name: 'isaid', title: 'iSAID (aerial RGB)', modality: 'RGB', channels: 3, modalityGroup: 'RGB', metric: 'mIoU', paperValue: 67.4,
    perturbations: [{ name: 'RGB→BGR', order: [2, 1, 0] }],
  },
  {
    name: 'mfnet', title: 'MFNet (RGB + thermal)', modality: 'RGB-T', channels: 4, modalityGroup: 'RGB-T', metric: 'mIoU', paperValue: 56.9,
    perturbations: [{ name: 'RGB→BGR', order: [2, 1, 0, 3] }, { name: 'thermal first', order: [3, 0, 1, 2] }],
  },
  {
    name: 'pst900', title: 'PST900 (RGB + thermal)', modality: 'RGB-T', channels: 4, modalityGroup: 'RGB-T', metric: 'mIoU', paperValue: 84.22,
    perturbations: [{ name: 'RGB→BGR', order: [2, 1, 0, 3] }, { name: 'thermal first', order: [3, 0, 1, 2] }],
  },
  {
    name: 'potsdam', title: 'ISPRS Potsdam (RGB + IR + DSM)', modality: 'RGBIR+DSM', channels: 5, modalityGroup: 'RGB+IR+DSM', metric: 'mF1', paperValue: 91.88,
    perturbations: [{ name: 'RGB→BGR', order: [2, 1, 0, 3, 4] }, { name: 'DSM first', order: [4, 0, 1, 2, 3] }],
  },
];

export function target(name: string): TargetSpec {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown target '${name}' (one of ${TARGETS.map((x) => x.name).join(', ')})`);
  return t;
}
