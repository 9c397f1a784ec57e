// The services speak snake_case JSON, GraphQL camelCase; these rename the keys of whole documents.

const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `value` with every object key renamed by `rename`, at every depth. Only for documents without free-form JSON. */
function renameKeys(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [rename(name), renameKeys(item, rename)]));
}

/** `{ net_days: 30 }` becomes `{ netDays: 30 }`, at every depth. */
export const toCamelKeys = (value: unknown) => renameKeys(value, camel) as Record<string, unknown>;

/** `{ netDays: 30 }` becomes `{ net_days: 30 }`, at every depth. */
export const toSnakeKeys = (value: unknown) => renameKeys(value, snake) as Record<string, unknown>;
