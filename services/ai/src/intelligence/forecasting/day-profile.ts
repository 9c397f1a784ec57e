import { daysInMonth } from '../statistics/dates.js';

/** Weight of one day of the month in a month's flows, by day of month (1 … 31). */
export type DayProfile = readonly number[];

/** Pseudo-amount spread evenly over the days, as a share of the history: sparse histories stay close to even. */
const SHRINKAGE = 0.2;

/**
 * How a month's flows spread over its days, from history: the amounts per day of month, shrunk towards an
 * even spread. Days 29 to 31 of longer months fall on the last day of shorter ones.
 */
export function dayProfile(movements: readonly { date: string; amount: number }[]): DayProfile {
  const totals = new Array<number>(31).fill(0);
  let sum = 0;
  for (const movement of movements) {
    const day = Number(movement.date.slice(8, 10));
    totals[day - 1] = (totals[day - 1] ?? 0) + Math.abs(movement.amount);
    sum += Math.abs(movement.amount);
  }
  const even = sum === 0 ? 1 : (sum * SHRINKAGE) / 31;
  return totals.map((total) => total + even);
}

/** The shares of a month's days (index 0 = day 1) under a profile; they add up to 1. */
export function monthShares(profile: DayProfile, month: string): number[] {
  const length = daysInMonth(month);
  const weights = profile.slice(0, length);
  for (let day = length; day < 31; day += 1) weights[length - 1] = (weights[length - 1] ?? 0) + (profile[day] ?? 0);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}
