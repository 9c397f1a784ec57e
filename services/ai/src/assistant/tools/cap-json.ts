type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The longest array in the value (by its JSON length) that can still be shortened. */
function longestArray(value: Json): Json[] | undefined {
  let best: { array: Json[]; size: number } | undefined;
  const visit = (node: Json) => {
    if (Array.isArray(node)) {
      const size = JSON.stringify(node).length;
      if (node.length > 1 && (!best || size > best.size)) best = { array: node, size };
      for (const child of node) visit(child);
    } else if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit(value);
  return best?.array;
}

/**
 * The value cut to at most `maxChars` of JSON: the longest lists are halved (keeping their first items, which the
 * tools order by importance) until it fits, and `truncated: true` says so; a value that still does not fit
 * becomes the start of its text.
 */
export function capJson(value: unknown, maxChars: number): unknown {
  const text = JSON.stringify(value ?? null);
  if (text.length <= maxChars) return value ?? null;
  const copy = JSON.parse(text) as Json;
  for (let round = 0; round < 64; round += 1) {
    const array = longestArray(copy);
    if (!array) break;
    array.splice(Math.ceil(array.length / 2));
    const marked = copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? { ...copy, truncated: true } : copy;
    if (JSON.stringify(marked).length <= maxChars) return marked;
  }
  return { truncated: true, text: text.slice(0, Math.max(0, maxChars - 40)) };
}
