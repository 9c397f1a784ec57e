export interface EmbeddingCallOptionsV1 {
  readonly values: readonly string[];
  readonly abortSignal?: AbortSignal;
}

export interface EmbeddingResultV1 {
  /** One vector per value, in the order of the values. */
  readonly embeddings: readonly (readonly number[])[];
  readonly usage: { readonly inputTokens: number };
}

/** An embedding model the ai service can call. Vendors and the built-in engine implement it. */
export interface EmbeddingModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  /** The most values one call may carry; the caller splits longer lists. */
  readonly maxValuesPerCall: number;
  doEmbed(options: EmbeddingCallOptionsV1): Promise<EmbeddingResultV1>;
}
