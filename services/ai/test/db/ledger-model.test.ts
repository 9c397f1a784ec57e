import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEvidence } from '../../src/db/ledger-model.js';
import { generateSuggestionSet } from '../../src/intelligence/evaluation/suggestion-set.js';
import { isBankOrCashAccount } from '../../src/intelligence/ledger/chart.js';
import { entryFeatures, labelKey } from '../../src/intelligence/ledger/ledger-entry.js';
import { observationOf } from '../../src/intelligence/suggestions/evidence.js';
import { createMemorySuggestionModel } from '../../src/intelligence/suggestions/memory-model.js';
import { lookupTokens, rankProposals } from '../../src/intelligence/suggestions/rank.js';
import { prepareQuery } from '../../src/intelligence/suggestions/suggestion-input.js';
import { buildTestApp, newTenant, type TestAi } from '../helpers.js';
import { loadLedger } from '../intelligence/ledger-fixtures.js';

let ai: TestAi;
const tenantId = newTenant();
const set = generateSuggestionSet();
// Six months of the evaluation company's history, with UUIDs as the read model requires.
const history = set.history.filter((entry) => entry.postingDate < '2023-07-01').map((entry) => ({ ...entry, id: randomUUID() }));
const options = { limit: 3, isBankAccount: (account: string) => isBankOrCashAccount('skr03', account) };

beforeAll(async () => {
  ai = await buildTestApp(inject('adminUrl'));
  await loadLedger(ai.db, tenantId, history);
});
afterAll(() => ai.close());

describe('the suggestion model in the database', () => {
  it('should rank like the in-memory model that the evaluation measures', async () => {
    const memory = createMemorySuggestionModel();
    for (const entry of history) {
      const observation = observationOf(entry, entryFeatures(entry));
      if (observation) memory.learn(entry.id, entry.postingDate, observation);
    }
    const cases = set.items.filter((_, index) => index % 10 === 0);

    const compared = await withTenant(ai.db.kysely, tenantId, async (trx) => {
      const pairs: [string[], string[]][] = [];
      for (const item of cases) {
        const { query } = prepareQuery(item.input);
        const fromDatabase = rankProposals(query, await loadEvidence(trx, tenantId, lookupTokens(query)), options);
        const fromMemory = rankProposals(query, memory.evidence(lookupTokens(query)), options);
        pairs.push([
          fromDatabase.map((proposal) => `${labelKey(proposal.label)} ${proposal.confidence}`),
          fromMemory.map((proposal) => `${labelKey(proposal.label)} ${proposal.confidence}`),
        ]);
      }
      return pairs;
    });

    expect(cases.length).toBeGreaterThan(50);
    for (const [fromDatabase, fromMemory] of compared) expect(fromDatabase).toEqual(fromMemory);
  });
});
