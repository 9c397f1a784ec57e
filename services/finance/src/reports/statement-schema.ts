import Type, { type Static } from 'typebox';
import type { StatementPosition } from '../domain/hgb-positions.js';
import { amountCell, type CsvCell } from './csv.js';

const AccountAmount = Type.Object({ account: Type.String(), name: Type.String(), amount: Type.String() });
const fields = { number: Type.String(), key: Type.String(), label: Type.String(), amount: Type.String(), accounts: Type.Array(AccountAmount) };
// Three levels at most (B, B.II, B.II.1); the deepest never has children of its own.
const Leaf = Type.Object({ ...fields, children: Type.Array(Type.Object({})) });
const Middle = Type.Object({ ...fields, children: Type.Array(Leaf) });
export const PositionSchema = Type.Object({ ...fields, children: Type.Array(Middle) });
export type PositionResponse = Static<typeof PositionSchema>;

const describe = (position: StatementPosition) => ({
  number: position.number,
  key: position.key,
  label: position.label,
  amount: position.amount,
  accounts: position.accounts.map((account) => ({ account: account.account, name: account.name, amount: account.amount })),
});

/** A statement position as the API shows it. */
export function positionToResponse(position: StatementPosition): PositionResponse {
  return {
    ...describe(position),
    children: position.children.map((child) => ({ ...describe(child), children: child.children.map((leaf) => ({ ...describe(leaf), children: [] })) })),
  };
}

/** The CSV rows of a statement: each position, then each of its accounts, then its sub-positions, depth first. */
export function positionRows(positions: readonly StatementPosition[], prefix: readonly CsvCell[] = []): CsvCell[][] {
  return positions.flatMap((position) => [
    [...prefix, position.number, position.label, null, null, amountCell(position.amount)],
    ...position.accounts.map((account) => [...prefix, position.number, position.label, account.account, account.name, amountCell(account.amount)]),
    ...positionRows(position.children, prefix),
  ]);
}
