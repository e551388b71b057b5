import * as path from 'node:path';
import { UserError } from '../../util/errors';
import { intFlag, parseFlags, printJson, type Command } from '../command';
import { PROFILES, profile as getProfile, type ProfileName } from '../../experiments/profiles';
import { TARGETS, type TargetName } from '../../experiments/targets';
import { planLines, runSuite, selectRuns } from '../../experiments/suite';
import { buildPlan } from '../../experiments/plan';

const USAGE = `geopretrain reproduce [--quick | --profile NAME] [--seeds N] [--out DIR] [--data-root NAME=DIR ...]
                      [--targets a,b] [--only PREFIX,...] [--no-ablation] [--no-channel-order]
                      [--parallel N] [--plan] [--json]

Runs the whole suite: pre-training of both strategies (IM-RGB baseline, CSP generalised) for the
channel counts the targets need, fine-tuning of each target from baseline / generalised / random
initialisation over paired seeds, the ablation of the extensions, and the channel-order test; then
writes results (results.parquet, results.csv), charts (charts/*.svg|png) and report.md in --out.
Finished runs are skipped, so a killed suite resumes where it stopped. Without --data-root the
targets and the pre-training set are SynthGeo, generated on the fly.

  --quick            the CPU-sized profile (the README's main job, ~10 minutes on 2 cores)
  --profile NAME     ${Object.keys(PROFILES).join(' | ')} (default quick)
  --data-root N=DIR  real data for imagenet, isaid, mfnet, pst900 or potsdam (repeatable)
  --plan             print the run list (one geopretrain command per line) and exit`;

function parseRoots(values: string[] | undefined): Partial<Record<TargetName | 'imagenet', string>> {
  const roots: Partial<Record<TargetName | 'imagenet', string>> = {};
  const names = ['imagenet', ...TARGETS.map((t) => t.name)];
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const name = v.slice(0, eq);
    if (eq < 1 || !names.includes(name)) throw new UserError(`--data-root expects NAME=DIR with NAME one of ${names.join(', ')}, got '${v}'`);
    roots[name as TargetName | 'imagenet'] = path.resolve(v.slice(eq + 1));
  }
  return roots;
}

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: 'the whole suite (both strategies on all four targets, seeds, ablation) → results, charts, report',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags('reproduce', argv, {
      quick: { type: 'boolean' },
      profile: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      'data-root': { type: 'string', multiple: true },
      targets: { type: 'string' },
      only: { type: 'string' },
      'no-ablation': { type: 'boolean' },
      'no-channel-order': { type: 'boolean' },
      parallel: { type: 'string' },
      plan: { type: 'boolean' },
      json: { type: 'boolean' },
    }, false);
    if (values.quick && values.profile && values.profile !== 'quick') throw new UserError('--quick and --profile disagree');
    const profileName = (values.profile ?? 'quick') as ProfileName;
    let p;
    try {
      p = getProfile(profileName);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    const targets = values.targets?.split(',').map((s) => s.trim()) as TargetName[] | undefined;
    for (const t of targets ?? []) if (!TARGETS.some((x) => x.name === t)) throw new UserError(`--targets: unknown target '${t}'`);
    const seeds = values.seeds === undefined ? undefined : intFlag('reproduce', 'seeds', values.seeds, p.seeds);
    if (seeds !== undefined && seeds < 1) throw new UserError('--seeds must be at least 1');
    const parallel = values.parallel === undefined ? undefined : intFlag('reproduce', 'parallel', values.parallel, p.parallel);
    const out = path.resolve(values.out ?? 'results');
    const options = {
      out, seeds, targets, dataRoots: parseRoots(values['data-root']), ablation: !values['no-ablation'], channelOrder: !values['no-channel-order'],
      parallel, only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    };
    if (values.plan) {
      const plan = selectRuns(buildPlan(p, options), options.only);
      if (values.json) printJson({ profile: p.name, runs: plan.map((r) => ({ id: r.run.id, kind: r.kind, dependsOn: r.run.dependsOn, command: planLines([r])[0] })) });
      else console.log(planLines(plan).join('\n'));
      return 0;
    }
    const result = await runSuite(p, options);
    const summary = {
      profile: p.name,
      out,
      runs: result.plan.length,
      ran: result.queue.ran.length,
      skipped: result.queue.skipped.length,
      failed: result.queue.failed.map((f) => ({ id: f.id, log: f.log })),
      resultRows: result.rows,
      report: result.report?.reportPath ?? null,
      seconds: Math.round(result.seconds),
      sentences: result.report?.sentences ?? [],
    };
    if (values.json) printJson(summary);
    else {
      console.log(`reproduce (${p.name}): ${summary.ran} runs ran, ${summary.skipped} already done, ${summary.failed.length} failed, in ${summary.seconds} s`);
      for (const s of summary.sentences) console.log(`  ${s}`);
      if (summary.report) console.log(`report: ${summary.report}\nresults: ${path.join(out, 'results.parquet')} (and .csv); charts: ${path.join(out, 'charts')}`);
      for (const f of summary.failed) console.log(`failed: ${f.id}${f.log ? ` (log: ${f.log})` : ''}`);
    }
    return summary.failed.length > 0 ? 1 : 0;
  },
};
