import type { BenchReport, ExtraBench } from './run';

/** The bench report for humans: one block of settings, one line per model, then loader and metrics. */
export function formatBenchReport(r: BenchReport): string {
  const lines: string[] = [];
  lines.push(`backend: ${r.backend.choice} (simd ${r.backend.simd ? 'yes' : 'no'}), native kernels: ${r.native?.active ? `oneDNN ${r.native.onednn} for ${r.native.kernels.join(', ')}` : `off (${r.native?.reason ?? 'not registered'})`}`);
  lines.push(`threads: cores ${r.threads.cores}; tfjs wasm ${r.threads.tfjsWasm}, tfjs native ${r.threads.tfjsNative ?? '-'}; PyTorch ${r.threads.pytorch ?? '-'}`);
  lines.push(`PyTorch: ${r.pytorch.available ? r.pytorch.version : `not run (${r.pytorch.reason})`}; dtype ${r.dtype}; optimiser SGD lr ${r.optimiser.lr} momentum ${r.optimiser.momentum}`);
  lines.push(`machine load (1-min average) before/after: ${r.loadAverage.before}/${r.loadAverage.after} on ${r.threads.cores} cores`);
  lines.push(`timing: median of ${r.settings.repeats}×${r.settings.stepsPerRepeat} steps per side after ${r.settings.warmup} warm-up steps, blocks interleaved`);
  lines.push('');
  const header = ['model', 'input NHWC', 'tfjs ms/step', 'torch ms/step', 'ratio', 'params tfjs/torch', 'output', 'infer img/s tfjs/torch', 'peak RSS MB tfjs/torch', 'tensors'];
  const rows = r.models.map((m) => {
    const t = 'skipped' in m.pytorch ? null : m.pytorch;
    return [
      m.model,
      `${m.input.batch}x${m.input.height}x${m.input.width}x${m.input.channels}`,
      String(m.tfjs.trainMsPerStep),
      t ? String(t.trainMsPerStep) : '-',
      m.ratio === null ? '-' : `${m.ratio}x`,
      `${m.tfjs.params}/${t ? t.params : '-'}${m.sameNetwork === false ? ' MISMATCH' : ''}`,
      m.tfjs.outputShapeNHWC.join('x'),
      `${m.tfjs.inferImagesPerSec}/${t ? t.inferImagesPerSec : '-'}`,
      `${m.tfjs.peakRssMB}/${t ? t.peakRssMB : '-'}`,
      m.tfjs.tensorCountStable ? `stable (${m.tfjs.tensorCounts[0]})` : `GROWING ${m.tfjs.tensorCounts[0]}→${m.tfjs.tensorCounts[m.tfjs.tensorCounts.length - 1]}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) lines.push(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  for (const m of r.models) {
    if (m.mismatch) lines.push(`${m.model}: networks differ: ${m.mismatch}`);
    if ('skipped' in m.pytorch) lines.push(`${m.model}: PyTorch skipped: ${m.pytorch.skipped}`);
  }
  lines.push('');
  lines.push(formatExtra(r.loader));
  lines.push(formatExtra(r.metrics));
  return lines.join('\n');
}

function formatExtra(e: ExtraBench): string {
  if (e.skipped) return `${e.name}: skipped (${e.skipped})`;
  return `${e.name}: ${JSON.stringify(e.result)}`;
}
