/**
 * Progress of long work: a bar with count, rate, ETA and extra fields (e.g. loss). On a terminal it
 * redraws one line; elsewhere (CI logs, tslab notebooks, where cell output is plain text) it prints
 * a line at most every `intervalMs` and always at the end.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  /** Where to write; defaults to stderr on the CLI. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  intervalMs?: number;
  /** Set false to silence (tests). */
  enabled?: boolean;
}

export class Progress {
  private readonly opts: Required<Omit<ProgressOptions, 'stream'>> & { stream: NodeJS.WritableStream & { isTTY?: boolean } };
  private done = 0;
  private readonly start = Date.now();
  private lastPrint = 0;
  private fields: Record<string, string> = {};

  constructor(options: ProgressOptions) {
    this.opts = {
      unit: 'it',
      intervalMs: options.stream?.isTTY ?? process.stderr.isTTY ? 100 : 2000,
      enabled: process.env.GEOPRETRAIN_QUIET !== '1',
      stream: defaultStream(),
      ...options,
    } as Progress['opts'];
  }

  /** Advances by `n` and updates the displayed fields. */
  tick(n = 1, fields?: Record<string, number | string>): void {
    this.done = Math.min(this.opts.total, this.done + n);
    if (fields) for (const [k, v] of Object.entries(fields)) this.fields[k] = typeof v === 'number' ? formatNumber(v) : v;
    const now = Date.now();
    if (this.done >= this.opts.total || now - this.lastPrint >= this.opts.intervalMs) {
      this.lastPrint = now;
      this.render(this.done >= this.opts.total);
    }
  }

  /** The current line, as printed. */
  line(): string {
    const { total, label, unit } = this.opts;
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = this.done >= total ? 0 : rate > 0 ? (total - this.done) / rate : Infinity;
    const width = 24;
    const filled = total > 0 ? Math.round((width * this.done) / total) : width;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const pct = total > 0 ? Math.floor((100 * this.done) / total) : 100;
    const extra = Object.entries(this.fields).map(([k, v]) => ` ${k}=${v}`).join('');
    return `${label} [${bar}] ${this.done}/${total} ${pct}% ${formatRate(rate, unit)} ETA ${formatDuration(eta)} elapsed ${formatDuration(elapsed)}${extra}`;
  }

  private render(final: boolean): void {
    if (!this.opts.enabled) return;
    const s = this.opts.stream;
    if (s.isTTY) s.write(`\r${this.line()}\x1b[K${final ? '\n' : ''}`);
    else s.write(this.line() + '\n');
  }
}

function defaultStream(): NodeJS.WritableStream & { isTTY?: boolean } {
  // Inside a Jupyter kernel stderr is shown too, but stdout keeps the order with cell output.
  return process.env.JPY_PARENT_PID || process.env.TSLAB ? process.stdout : process.stderr;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(a >= 100 ? 1 : 4);
}

export function formatRate(rate: number, unit: string): string {
  if (rate >= 1 || rate === 0) return `${rate.toFixed(2)} ${unit}/s`;
  return `${(1 / rate).toFixed(2)} s/${unit}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
