#!/usr/bin/env node
// Launcher for the framesmith CLI.
//
// On Linux it re-executes itself once with glibc malloc tuned for frame buffers: every
// frame read back from Skia is a fresh 8 MB allocation (at 1080p), and with glibc's
// defaults each one is mmap'ed, page-faulted in and munmap'ed again. Measured on this
// project's 2-core machine: reading back a 1080p frame costs ~22 ms by default and ~7 ms
// with these settings (bench/README.md). The variables must be set before the process
// starts, hence the re-exec.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const MALLOC_TUNING = {
  MALLOC_MMAP_THRESHOLD_: '134217728', // serve frame-sized blocks from the heap, not fresh mmaps
  MALLOC_TRIM_THRESHOLD_: '2147483647', // keep freed pages mapped for the next frame
  MALLOC_TOP_PAD_: '67108864',
};

const script = fileURLToPath(import.meta.url);

if (process.platform === 'linux' && process.env.FRAMESMITH_MALLOC_TUNED !== '1') {
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...MALLOC_TUNING, FRAMESMITH_MALLOC_TUNED: '1' },
  });
  // A terminal's Ctrl-C reaches the whole process group: the child handles it. Forward
  // signals sent to this process alone.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  const { main } = await import('../dist/cli/framesmith.js');
  process.exitCode = await main(process.argv.slice(2));
}
