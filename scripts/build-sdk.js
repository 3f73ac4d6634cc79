/* global URL */
// Builds the consent banner SDK (src/sdk/custodian.js) into dist/sdk/custodian.js, minified, for
// `GET /sdk/custodian.js`. Part of `npm run build`; esbuild comes with the dev tools (tsx, vitest).
// Fails when the script, its styles inlined, is over its budget of 8 kB gzipped (docs/banner.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';

const BUDGET = 8 * 1024;

const source = readFileSync(new URL('../src/sdk/custodian.js', import.meta.url), 'utf8');
const { code } = await transform(source, {
  minify: true,
  target: 'es2017',
  legalComments: 'none',
});
const gzipped = gzipSync(code).length;
if (gzipped > BUDGET) {
  console.error(
    `sdk: src/sdk/custodian.js minified is ${gzipped} bytes gzipped, over its budget of ${BUDGET}`,
  );
  process.exit(1);
}
mkdirSync(new URL('../dist/sdk/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/sdk/custodian.js', import.meta.url), code);
