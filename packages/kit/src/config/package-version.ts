import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `version` of the nearest `package.json` above `moduleUrl`, so a service reports the version it was
 * built as without a second place to keep it.
 *
 * ### Example
 * ```ts
 * const version = packageVersion(import.meta.url); // "0.1.0"
 * ```
 */
export function packageVersion(moduleUrl: string): string {
  let folder = dirname(fileURLToPath(moduleUrl));
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const parsed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version?: string };
      if (parsed.version) return parsed.version;
    } catch {
      // No package.json at this level; keep walking up.
    }
    folder = dirname(folder);
  }
  return '0.0.0';
}
