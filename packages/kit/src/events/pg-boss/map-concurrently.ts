/**
 * Maps `items` through `work` with at most `limit` calls running at once; results keep the input order.
 *
 * ### Example
 * ```ts
 * const results = await mapConcurrently(jobs, 4, (job) => settle(job));
 * ```
 */
export async function mapConcurrently<Item, Result>(items: readonly Item[], limit: number, work: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as Item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
