import { AccountHierarchyError } from '../errors.js';

/**
 * Checks that `parent` can become the parent of account `number`: it exists, is not the account itself and
 * does not already descend from it. `parentOf` answers the current parent of any account (null for none,
 * undefined for an unknown account).
 */
export function assertValidParent(number: string, parent: string, parentOf: (number: string) => string | null | undefined): void {
  if (parentOf(parent) === undefined) throw new AccountHierarchyError(`Parent account ${parent} does not exist.`);
  const seen = new Set<string>();
  for (let current: string | null | undefined = parent; current; current = parentOf(current)) {
    if (current === number) throw new AccountHierarchyError(`Account ${parent} is ${number} itself or one of its sub-accounts, so it cannot be its parent.`);
    if (seen.has(current)) break;
    seen.add(current);
  }
}
