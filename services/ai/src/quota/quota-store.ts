import type { QuotaLimit, QuotaLimits } from '../domain/quota.js';

export interface ReserveInput {
  readonly tenantId: string;
  readonly limits: QuotaLimits;
  /** Estimated tokens of the call (prompt plus the answer length asked for). */
  readonly tokens: number;
  /** Estimated cost in nano-euros, at the dearest price of the deployments that may serve it. */
  readonly costNanoEur: number;
  readonly nowMs: number;
}

/** What was reserved; {@link QuotaStore.settle} books the real figures against it. */
export interface Reservation {
  readonly id: string;
  readonly tenantId: string;
  readonly windowStartMs: number;
  readonly month: string;
  readonly tokens: number;
  readonly costNanoEur: number;
}

export type ReserveResult = { readonly ok: true; readonly reservation: Reservation } | { readonly ok: false; readonly limit: QuotaLimit };

export interface QuotaUsage {
  readonly requests: number;
  readonly tokens: number;
  readonly spentNanoEur: number;
  readonly reservedNanoEur: number;
}

/**
 * The tenants' counters, shared by every instance: one request, its tokens in the current minute, and its cost
 * in the month are reserved in one atomic step (all limits pass, or nothing is counted), and settled to the
 * real figures after the call. A reservation nobody settles (a crashed instance) is released after
 * {@link RESERVATION_TTL_MS}.
 */
export interface QuotaStore {
  readonly kind: 'redis' | 'postgres';
  reserve(input: ReserveInput): Promise<ReserveResult>;
  settle(reservation: Reservation, actual: { tokens: number; costNanoEur: number }): Promise<void>;
  /** The current minute's and month's counters of a tenant. */
  usage(tenantId: string, nowMs: number): Promise<QuotaUsage>;
}

/** Longer than any call may take (timeouts, fallbacks, queueing), so only abandoned reservations expire. */
export const RESERVATION_TTL_MS = 15 * 60_000;

/** The limit that refused, by the code the stores' atomic steps (the Redis script, the PostgreSQL function) return. */
export const REFUSED_BY: Readonly<Record<number, QuotaLimit>> = { 1: 'requests_per_minute', 2: 'tokens_per_minute', 3: 'monthly_budget' };
