/** What a model can do, as configured for it. */
export interface Capabilities {
  readonly chat: boolean;
  readonly embeddings: boolean;
  readonly tools: boolean;
  readonly json: boolean;
  readonly streaming: boolean;
  /** Prompt and answer together, in tokens. */
  readonly contextTokens: number;
}

/** EUR per million tokens, as decimal strings. */
export interface Price {
  readonly inputEurPerMillion: string;
  readonly outputEurPerMillion: string;
}

/** One model of one configured provider: the unit that routing chooses, breakers guard and usage is booked on. */
export interface Deployment {
  /** Unique among all deployments of all tenants, e.g. `global/openai/gpt-4o-mini`, `tenant/<id>/ollama/llama3`. */
  readonly key: string;
  /** What clients call it: `<provider>/<model>`, e.g. `openai/gpt-4o-mini`, `local/extractive`. */
  readonly name: string;
  readonly providerName: string;
  /** The pool whose concurrency limit the deployment shares with the provider's other models. */
  readonly providerKey: string;
  readonly modelId: string;
  /** The built-in engine: no network, no cost, chosen only when nothing else fits or the policy says so. */
  readonly local: boolean;
  readonly capabilities: Capabilities;
  readonly price: Price;
  readonly maxConcurrency: number;
  readonly timeoutMs: number;
}
