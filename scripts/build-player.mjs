// Bundles the browser preview player (player/main.ts and the engine's drawing code it imports)
// into dist/player/framesmith-player.js with esbuild. Run by `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: ['player/main.ts'],
  outfile: 'dist/player/framesmith-player.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
