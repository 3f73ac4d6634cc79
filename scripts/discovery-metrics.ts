/**
 * Prints the precision and recall of the discovery classifiers on the generated corpus as the
 * Markdown table of docs/discovery.md: `npx tsx scripts/discovery-metrics.ts`.
 */
import { generateCorpus, measureClassifiers } from '../src/discovery/index.js';

const today = new Date(Date.UTC(2026, 11, 6));
const corpus = generateCorpus(20261206, { today });
const scores = measureClassifiers(corpus, today);
const fixed = (n: number) => n.toFixed(3);
console.log(
  `Corpus: ${corpus.columns.length} columns, ${corpus.values.length} values, seed 20261206.\n`,
);
console.log(
  '| Kind | Value precision | Value recall | Values TP/FP/FN | Column precision | Column recall | Columns TP/FP/FN |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [kind, { value, column }] of scores) {
  console.log(
    `| ${kind} | ${fixed(value.precision)} | ${fixed(value.recall)} | ${value.truePositives}/${value.falsePositives}/${value.falseNegatives} | ${fixed(column.precision)} | ${fixed(column.recall)} | ${column.truePositives}/${column.falsePositives}/${column.falseNegatives} |`,
  );
}
