import type { RateLimitRule } from './rate-limit-policy.js';

/*
 * Sliding window log: a counter keeps the time of every request it admitted during the last window. A request
 * is admitted when every counter it touches holds fewer entries than its limit, and then it is recorded in all
 * of them; a refused request is recorded nowhere, so refusals never use up a quota. An entry made at t counts
 * at every time before t + window, hence no interval of one window's length ever admits more than the limit.
 * The Redis script (rate-limit/redis-limiter.ts) runs the same steps on a sorted set per counter.
 */

/** One counter a request touches: the store key and the rule that bounds it. */
export interface Counter {
  readonly key: string;
  readonly rule: RateLimitRule;
}

/** A counter after the decision: its entries, and the time of the entry whose expiry frees the next slot. */
export interface CounterState {
  readonly count: number;
  /** The entry at index `max(0, count - limit)`; undefined when the counter is empty. */
  readonly pivotMs: number | undefined;
}

/** What a limiter answers for one request. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** The store's clock when it decided; every reset and retry time is measured from it. */
  readonly nowMs: number;
  /** In the order of the counters passed in. */
  readonly states: readonly CounterState[];
}

/** One counter's share of the `RateLimit` header. */
export interface CounterReport {
  readonly rule: RateLimitRule;
  readonly remaining: number;
  /** Seconds until the oldest counted request leaves the window and the counter frees one slot. */
  readonly resetS: number;
}

/** The entries of a log that still count at `nowMs`, given ascending. */
function liveEntries(entries: readonly number[], nowMs: number, windowMs: number): number[] {
  const cutoff = nowMs - windowMs;
  const first = entries.findIndex((entry) => entry > cutoff);
  return first === -1 ? [] : entries.slice(first);
}

/** True when every counter has room for one more request. */
function admitsAll(counts: readonly number[], counters: readonly Counter[]): boolean {
  return counts.every((count, index) => count < (counters[index]?.rule.limit ?? 0));
}

/** The state a log reports after the decision: its size and the entry whose expiry frees the next slot. */
function toCounterState(entries: readonly number[], limit: number): CounterState {
  return { count: entries.length, pivotMs: entries[Math.max(0, entries.length - limit)] };
}

/**
 * Decides one request against the logs of its counters (ascending times, one log per counter) and returns the
 * logs to keep: pruned to the window and, when admitted, with `nowMs` appended to each.
 */
export function admitOne(logs: readonly (readonly number[])[], counters: readonly Counter[], nowMs: number): { decision: RateLimitDecision; logs: number[][] } {
  const live = counters.map((counter, index) => liveEntries(logs[index] ?? [], nowMs, counter.rule.windowS * 1000));
  const allowed = admitsAll(
    live.map((entries) => entries.length),
    counters,
  );
  const kept = allowed ? live.map((entries) => [...entries, nowMs]) : live;
  const states = kept.map((entries, index) => toCounterState(entries, counters[index]?.rule.limit ?? 1));
  return { decision: { allowed, nowMs, states }, logs: kept };
}

/** Remaining requests and seconds to the next freed slot, per counter. */
export function toCounterReports(counters: readonly Counter[], decision: RateLimitDecision): CounterReport[] {
  return counters.map((counter, index) => {
    const state = decision.states[index] ?? { count: 0, pivotMs: undefined };
    return { rule: counter.rule, remaining: Math.max(0, counter.rule.limit - state.count), resetS: secondsUntilFree(state, counter.rule, decision.nowMs) };
  });
}

/** For a refused request: whole seconds until every full counter has a free slot again, at least 1. */
export function retryAfterSeconds(counters: readonly Counter[], decision: RateLimitDecision): number {
  const waits = counters.map((counter, index) => {
    const state = decision.states[index];
    return state && state.count >= counter.rule.limit ? secondsUntilFree(state, counter.rule, decision.nowMs) : 0;
  });
  return Math.max(1, ...waits);
}

function secondsUntilFree(state: CounterState, rule: RateLimitRule, nowMs: number): number {
  if (state.pivotMs === undefined) return 0;
  return Math.max(0, Math.ceil((state.pivotMs + rule.windowS * 1000 - nowMs) / 1000));
}

/**
 * The fields of draft-ietf-httpapi-ratelimit-headers-10: `RateLimit-Policy` lists each quota policy as a
 * named item with its quota `q` and window `w` in seconds, `RateLimit` the same names with the remaining
 * quota `r` and the seconds `t` until it grows again.
 */
export function toRateLimitHeaders(reports: readonly CounterReport[]): { 'ratelimit-policy': string; ratelimit: string } {
  return {
    'ratelimit-policy': reports.map(({ rule }) => `"${rule.by}";q=${rule.limit};w=${rule.windowS}`).join(', '),
    ratelimit: reports.map(({ rule, remaining, resetS }) => `"${rule.by}";r=${remaining};t=${resetS}`).join(', '),
  };
}
