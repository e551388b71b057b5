import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers';
import { COMMANDS } from '../../src/cli/commands/index';

test('--help lists every registered command', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c.name}\\s`, 'm'));
});

test('an unknown command is one line on stderr and exit 2', () => {
  const r = runCli(['no-such-command']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /unknown command 'no-such-command'/);
});

test('an unknown flag is a one-line error without a stack trace', () => {
  const r = runCli(['backend', '--bogus']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /--bogus/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
