// `npm run eval -- ai`: measures the finance intelligence and the semantic cache on the committed labelled sets and prints the table.
// `--write-fixtures` regenerates the sets from their generators (fixed seeds) into services/ai/eval/.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SemanticCacheSet, semanticCacheRows } from '../../cache/evaluate-semantic-cache.js';
import { generateAnomalySet } from './anomaly-set.js';
import {
  type AirPassengersFixture,
  type AnomalyFixture,
  fromAnomalyFixture,
  fromLiquidityFixture,
  fromSuggestionFixture,
  type LiquidityFixture,
  type SuggestionFixture,
  toAnomalyFixture,
  toLiquidityFixture,
  toSuggestionFixture,
} from './fixtures.js';
import { generateLiquiditySet } from './liquidity-set.js';
import { formatEvaluationTable, runEvaluation } from './run-evaluation.js';
import { generateSuggestionSet } from './suggestion-set.js';

/** services/ai/eval, from dist/intelligence/evaluation/main.js (or src/… under a TypeScript runner). */
const EVAL_FOLDER = fileURLToPath(new URL('../../../eval/', import.meta.url));

const readJson = <Value>(name: string) => JSON.parse(readFileSync(`${EVAL_FOLDER}${name}`, 'utf8')) as Value;
const writeJson = (name: string, value: unknown) => writeFileSync(`${EVAL_FOLDER}${name}`, `${JSON.stringify(value)}\n`);

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    'usage: erp eval ai [--strict] [--write-fixtures]\n  --strict          exit 1 when a goal is not met\n  --write-fixtures  regenerate services/ai/eval/*.json from the generators',
  );
  process.exit(0);
}
if (args.includes('--write-fixtures')) {
  writeJson('suggestions.json', toSuggestionFixture(generateSuggestionSet()));
  writeJson('anomalies.json', toAnomalyFixture(generateAnomalySet()));
  writeJson('liquidity.json', toLiquidityFixture(generateLiquiditySet()));
  // Biome formats the files the repository lints; run it afterwards: npx biome format --write services/ai/eval
  console.log(`wrote suggestions.json, anomalies.json and liquidity.json to ${EVAL_FOLDER}; format them with biome before committing`);
}
const started = Date.now();
const rows = runEvaluation({
  suggestions: fromSuggestionFixture(readJson<SuggestionFixture>('suggestions.json')),
  anomalies: fromAnomalyFixture(readJson<AnomalyFixture>('anomalies.json')),
  liquidity: fromLiquidityFixture(readJson<LiquidityFixture>('liquidity.json')),
  airPassengers: readJson<AirPassengersFixture>('air-passengers.json').values,
});
rows.push(...semanticCacheRows(readJson<SemanticCacheSet>('semantic-cache.json')));
console.log(formatEvaluationTable(rows));
console.log(`\nevaluated in ${((Date.now() - started) / 1000).toFixed(1)} s on the sets in ${EVAL_FOLDER}`);
const missed = rows.filter((row) => row.met === false);
if (missed.length > 0) console.log(`goals not met: ${missed.map((row) => row.metric.trim()).join('; ')}`);
process.exitCode = args.includes('--strict') && missed.length > 0 ? 1 : 0;
