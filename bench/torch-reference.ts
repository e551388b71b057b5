import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

/** Debian's interpreter: python3-torch installs for it (a pyenv or venv python3 on PATH would not see it). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'torch', 'reference.py');

export type TorchAvailability = { ok: true; version: string } | { ok: false; reason: string };

function torchVersion(): string | null {
  if (!fs.existsSync(SYSTEM_PYTHON)) return null;
  const r = spawnSync(SYSTEM_PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Makes sure Debian's python3-torch is there: installs it with apt-get when missing and running as
 * root (the bench's own setup), otherwise says why the PyTorch column will be empty.
 */
export function ensureTorch(log: (line: string) => void, allowInstall = true): TorchAvailability {
  const found = torchVersion();
  if (found) return { ok: true, version: found };
  if (!allowInstall) return { ok: false, reason: 'python3-torch not installed (apt-get install python3-torch)' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'python3-torch not installed and not root (run: sudo apt-get install python3-torch)' };
  log('bench setup: installing Debian python3-torch with apt-get (once) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch'], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch'], { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
  }
  const after = torchVersion();
  if (after) return { ok: true, version: after };
  return { ok: false, reason: `apt-get install python3-torch failed: ${(r.stderr || r.error?.message || 'unknown error').trim().split('\n').pop()}` };
}

export interface TorchBuildReply {
  params: number;
  state: number;
  output_nhwc: number[];
  threads: number;
  torch: string;
}

/** A long-lived PyTorch process answering one JSON line per request (bench/torch/reference.py). */
export class TorchReference {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor() {
    this.child = spawn(SYSTEM_PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-4000); });
    this.lines = readline.createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async request<T>(msg: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(JSON.stringify(msg) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error(`PyTorch reference exited: ${this.stderr.trim().split('\n').pop() ?? 'no message'}`);
    const reply = JSON.parse(next.value) as { ok: boolean; error?: string } & T;
    if (!reply.ok) throw new Error(`PyTorch reference: ${reply.error}`);
    return reply;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end(JSON.stringify({ cmd: 'quit' }) + '\n');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}
