#!/usr/bin/env node
'use strict';
// The project's test command (`npm test`): makes sure the notebook kernel is registered (installing
// Debian's Jupyter when missing), then runs every test/**/*.test.ts with Node's test runner through
// tsx. Extra arguments are passed to the runner; GEOPRETRAIN_TEST_FILTER=<substring> picks files.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function testFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(p));
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out.sort();
}

const filter = process.env.GEOPRETRAIN_TEST_FILTER;
const files = testFiles(path.join(root, 'test')).filter((f) => !filter || f.includes(filter));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

if (process.env.GEOPRETRAIN_SKIP_SETUP !== '1' && files.some((f) => f.includes('notebook'))) {
  const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-notebooks.sh')], { stdio: 'inherit', cwd: root });
  if (setup.status !== 0) {
    console.error('notebook setup failed (scripts/setup-notebooks.sh)');
    process.exit(setup.status ?? 1);
  }
}

const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...process.argv.slice(2), ...files];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, GEOPRETRAIN_QUIET: process.env.GEOPRETRAIN_QUIET ?? '1' } });
process.exit(run.status ?? 1);
