/** Who moves or reserves stock: a user through the API, or another part of the service (e.g. sales orders) for one. */
export interface StockActor {
  readonly tenantId: string;
  /** The user's id, written to the ledger; `null` for the service acting on its own. */
  readonly userId: string | null;
  /** The W3C trace context carried into events. */
  readonly traceparent?: string | undefined;
}
