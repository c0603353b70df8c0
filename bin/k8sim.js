#!/usr/bin/env node
'use strict';
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script, or `npm run build`).
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write("k8sim: the compiled CLI is missing: run 'npm run build' (npm ci does it for you)\n");
    process.exit(1);
  }
  throw e;
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`k8sim: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
