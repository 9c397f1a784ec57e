import { PeriodTransitionError } from '../errors.js';

export const PERIOD_STATUSES = ['open', 'closed', 'locked'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

export type PeriodAction = 'close' | 'reopen' | 'lock';

const TARGET: Readonly<Record<PeriodAction, PeriodStatus>> = { close: 'closed', reopen: 'open', lock: 'locked' };
const FROM: Readonly<Record<PeriodAction, readonly PeriodStatus[]>> = { close: ['open'], reopen: ['closed'], lock: ['open', 'closed'] };
const PAST: Readonly<Record<PeriodAction, string>> = { close: 'closed', reopen: 'reopened', lock: 'locked' };

/**
 * The status a period gets from `action`: an open period can be closed or locked, a closed one reopened or
 * locked, and a locked one never changes again (Festschreibung).
 */
export function nextPeriodStatus(label: string, current: PeriodStatus, action: PeriodAction): PeriodStatus {
  if (!FROM[action].includes(current)) throw new PeriodTransitionError(label, current, PAST[action]);
  return TARGET[action];
}

/** A period's label for messages, e.g. "2026-03" for period 3 of fiscal year 2026. */
export function periodLabel(year: number, period: number): string {
  return `${year}-${String(period).padStart(2, '0')}`;
}
