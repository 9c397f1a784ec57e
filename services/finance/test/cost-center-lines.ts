import { type LineInput, credit as plainCredit, debit as plainDebit } from './helpers.js';

/** An entry line that may carry cost centres of both dimensions. */
export interface CostCenterLine extends LineInput {
  cost_center?: string | null;
  cost_center_2?: string | null;
}

export const debit = (account: string, amount: string, extra: Partial<CostCenterLine> = {}): CostCenterLine => ({ ...plainDebit(account, amount), ...extra });
export const credit = (account: string, amount: string, extra: Partial<CostCenterLine> = {}): CostCenterLine => ({ ...plainCredit(account, amount), ...extra });
