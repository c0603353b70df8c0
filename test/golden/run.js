#!/usr/bin/env node
// `npm run golden` checks every example against test/golden/fixtures; `npm run golden -- --update` rewrites them.
// Plain JavaScript so it runs without a TypeScript loader: it updates through the compiled CLI in dist/.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const update = process.argv.includes('--update');
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [root] }), 'test/golden'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, K8SIM_GOLDEN_UPDATE: update ? '1' : '' },
});
process.exit(r.status ?? 1);
