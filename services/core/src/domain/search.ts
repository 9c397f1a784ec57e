import type { Permission } from '@erp/contracts';

/** What the search finds, in the order results of equal score are listed. */
export const SEARCH_KINDS = ['customer', 'supplier', 'product', 'sales_order', 'purchase_order'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The permission that lets a caller see a kind in search results: the same that lets it read the record. */
export const SEARCH_PERMISSION: Readonly<Record<SearchKind, Permission>> = {
  customer: 'core.customers:read',
  supplier: 'core.suppliers:read',
  product: 'core.products:read',
  sales_order: 'core.orders:read',
  purchase_order: 'core.purchasing:read',
};

/** Where a client reads the record a result names. */
export function resultPath(kind: SearchKind, id: string): string {
  const collection: Record<SearchKind, string> = {
    customer: 'customers',
    supplier: 'suppliers',
    product: 'products',
    sales_order: 'orders',
    purchase_order: 'purchase-orders',
  };
  return `/api/v1/${collection[kind]}/${id}`;
}

export type KindChoice = { readonly kinds: readonly SearchKind[] } | { readonly forbidden: readonly SearchKind[] };

/**
 * The kinds to search: those asked for (all by default) that the caller may read. Asking for a kind one may
 * not read is refused rather than silently answered without it; by default such kinds are left out.
 */
export function chooseKinds(requested: readonly SearchKind[] | undefined, permissions: readonly string[]): KindChoice {
  const allowed = SEARCH_KINDS.filter((kind) => permissions.includes(SEARCH_PERMISSION[kind]));
  if (requested === undefined) return allowed.length > 0 ? { kinds: allowed } : { forbidden: [...SEARCH_KINDS] };
  const forbidden = requested.filter((kind) => !allowed.includes(kind));
  return forbidden.length > 0 ? { forbidden } : { kinds: [...new Set(requested)] };
}
