import type { AccountAmount, LayoutNode, StatementPosition } from './hgb-positions.js';
import { formatAmount, Money, sum } from './money.js';

/**
 * Fills a statement's layout: a leaf position holds the accounts placed in it (in number order, accounts that
 * net to zero left out) or, for a computed position such as the current result, the amount given for its key;
 * a position with sub-positions sums them.
 */
export function fillLayout(
  layout: readonly LayoutNode[],
  accountsByKey: ReadonlyMap<string, readonly AccountAmount[]>,
  computed: ReadonlyMap<string, Money> = new Map(),
): StatementPosition[] {
  return layout.map((node) => {
    if (node.children) {
      const children = fillLayout(node.children, accountsByKey, computed);
      return { ...describe(node), amount: formatAmount(sum(children.map((child) => new Money(child.amount)))), accounts: [], children };
    }
    const accounts = [...(accountsByKey.get(node.key) ?? [])]
      .filter((account) => !new Money(account.amount).isZero())
      .sort((left, right) => (left.account < right.account ? -1 : left.account > right.account ? 1 : 0));
    const amount = computed.get(node.key) ?? sum(accounts.map((account) => new Money(account.amount)));
    return { ...describe(node), amount: formatAmount(amount), accounts, children: [] };
  });
}

function describe(node: LayoutNode): Pick<StatementPosition, 'number' | 'key' | 'label'> {
  return { number: node.number, key: node.key, label: node.label };
}

/** Collects account amounts under their position keys. */
export function groupByKey(entries: readonly { key: string; amount: AccountAmount }[]): Map<string, AccountAmount[]> {
  const byKey = new Map<string, AccountAmount[]>();
  for (const { key, amount } of entries) byKey.set(key, [...(byKey.get(key) ?? []), amount]);
  return byKey;
}

/** The keys of a layout's leaves. */
export function leafKeys(layout: readonly LayoutNode[]): Set<string> {
  return new Set(layout.flatMap((node) => (node.children ? [...leafKeys(node.children)] : [node.key])));
}
