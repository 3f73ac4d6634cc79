/* global URL */
// Builds the consent banner SDK (src/sdk/custodian.js) into dist/sdk/custodian.js, minified, for
// `GET /sdk/custodian.js`. Part of `npm run build`; esbuild comes with the dev tools (tsx, vitest).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transform } from 'esbuild';

const source = readFileSync(new URL('../src/sdk/custodian.js', import.meta.url), 'utf8');
const { code } = await transform(source, {
  minify: true,
  target: 'es2017',
  legalComments: 'none',
});
mkdirSync(new URL('../dist/sdk/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/sdk/custodian.js', import.meta.url), code);
