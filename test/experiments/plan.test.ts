import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/experiments/plan';
import { PROFILES } from '../../src/experiments/profiles';
import { selectRuns } from '../../src/experiments/suite';

test('quick plan: both strategies and the random control on all four targets, for every seed', () => {
  const p = PROFILES.quick;
  const plan = buildPlan(p, { out: '/tmp/x' });
  const fine = plan.filter((r) => r.kind === 'finetune');
  for (const t of ['isaid', 'mfnet', 'pst900', 'potsdam']) {
    for (const init of ['baseline', 'generalised', 'random']) {
      const seeds = fine.filter((r) => r.kind === 'finetune' && r.target.name === t && r.init === init).map((r) => r.seed).sort();
      assert.deepEqual(seeds, [1, 2, 3], `${t} ${init}`);
    }
  }
  // One IM-RGB checkpoint (RGB) and one CSP checkpoint per channel count, shared by the seeds (quick).
  const pre = plan.filter((r) => r.kind === 'pretrain').map((r) => r.run.id).sort();
  assert.deepEqual(pre, ['pretrain-baseline-c3-s1', 'pretrain-generalised+X1-c4-s1', 'pretrain-generalised-c3-s1', 'pretrain-generalised-c4-s1', 'pretrain-generalised-c5-s1']);
  const ids = new Set(plan.map((r) => r.run.id));
  assert.equal(ids.size, plan.length, 'ids are unique');
  for (const r of plan) for (const d of r.run.dependsOn) assert.ok(ids.has(d), `${r.run.id} depends on ${d}`);
  // The CSP init of a 4-channel target comes from the 4-channel CSP checkpoint.
  const mf = fine.find((r) => r.kind === 'finetune' && r.target.name === 'mfnet' && r.init === 'generalised');
  assert.ok(mf && mf.kind === 'finetune' && mf.pretrainId === 'pretrain-generalised-c4-s1');
  assert.ok(mf.run.args.includes('--init') && mf.run.args[mf.run.args.indexOf('--init') + 1].endsWith('pretrain-generalised-c4-s1'));
});

test('paired profiles start fine-tuning seed s from pre-training seed s', () => {
  const plan = buildPlan(PROFILES.smoke, { out: '/tmp/x' });
  for (const r of plan) if (r.kind === 'finetune' && r.pretrainId) assert.ok(r.pretrainId.endsWith(`-s${r.seed}`), r.run.id);
});

test('selectRuns keeps the selected runs and what they depend on', () => {
  const plan = buildPlan(PROFILES.smoke, { out: '/tmp/x', seeds: 1 });
  const sel = selectRuns(plan, ['finetune-mfnet-generalised-']);
  assert.deepEqual(sel.map((r) => r.run.id).sort(), ['finetune-mfnet-generalised-s1', 'pretrain-generalised-c4-s1']);
});
