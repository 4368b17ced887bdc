#!/usr/bin/env node
// Entry point for the `agentwall` command: runs the compiled CLI (npm run build).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('agentwall: not built yet; run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
});
