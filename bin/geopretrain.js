#!/usr/bin/env node
'use strict';
// The CLI runs the TypeScript sources directly (tsx), so the CLI, the tests and the notebooks all
// execute the same src/ files: there is no build step and no stale compiled copy.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`geopretrain: ${err && err.message ? err.message : String(err)}`); process.exitCode = 1; },
);
