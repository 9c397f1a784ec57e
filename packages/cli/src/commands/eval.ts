import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../config.js';
import { REPO_ROOT } from '../paths.js';

/**
 * The evaluation suites: each is a service's own runner, built with the service. The CLI starts it as a child
 * process instead of importing it, because the CLI depends on no service's code.
 */
export const EVALUATIONS: Readonly<Record<string, string>> = {
  ai: 'services/ai/dist/intelligence/evaluation/main.js',
};

/** `erp eval <suite> [args...]`: runs the suite's runner with the args and exits with its code; an unknown suite is a usage error (exit 2). */
export async function evaluate(argv: readonly string[], root: string = REPO_ROOT): Promise<number> {
  const [suite, ...args] = argv;
  const entry = suite !== undefined && Object.hasOwn(EVALUATIONS, suite) ? EVALUATIONS[suite] : undefined;
  if (!entry) throw new UsageError(`${suite ? `unknown evaluation "${suite}"` : 'name an evaluation'}; available: ${Object.keys(EVALUATIONS).join(', ')}`);
  const path = join(root, entry);
  if (!existsSync(path)) throw new UsageError(`the ${suite} evaluation is not built (${entry} is missing); run npm run build first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
