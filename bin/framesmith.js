#!/usr/bin/env node
// Launcher for the framesmith CLI: the compiled code lives in dist/ (built by `npm install`).
const { main } = await import('../dist/cli/framesmith.js');
process.exitCode = await main(process.argv.slice(2));
