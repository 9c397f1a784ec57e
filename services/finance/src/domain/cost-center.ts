import type { AccountType } from './chart.js';

/** Dimension 1 is the cost centre (DATEV KOST1), dimension 2 the cost object (KOST2). */
export type CostCenterDimension = 1 | 2;

/** A cost centre as the posting rules see it. */
export interface CostCenterRef {
  readonly dimension: CostCenterDimension;
  readonly code: string;
  readonly inactive: boolean;
}

/** A code: a letter or digit, then up to 35 letters, digits, dots, dashes or underscores (DATEV allows 36 characters). */
export const COST_CENTER_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,35}$';

/** The line field that carries each dimension, for error pointers. */
export const COST_CENTER_FIELD: Readonly<Record<CostCenterDimension, string>> = { 1: 'cost_center', 2: 'cost_center_2' };

/**
 * Whether a line on an account of `type` may carry a cost centre. Only revenue and expense accounts do: a cost
 * centre says where a result arises, and a balance-sheet account (a bank, a receivable, a tax account) has no
 * result. Refusing it keeps the cost-centre report equal to the P&L, line for line.
 */
export function takesCostCenter(type: AccountType | undefined): boolean {
  return type === 'revenue' || type === 'expense';
}
