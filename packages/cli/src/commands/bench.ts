import { readdir } from 'node:fs/promises';
import { UsageError } from '../config.js';

/** What a benchmark suite module (`src/bench/<suite>.ts`) exports. */
export interface BenchSuite {
  run(args: string[]): Promise<void>;
}

// A suite name is a plain file name: no dots or slashes, so it can never reach outside the bench folder.
const SUITE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const BENCH_FOLDER = new URL('../bench/', import.meta.url);

/** `erp bench <suite> [args...]`: loads `bench/<suite>.js` and runs it; an unknown suite is a usage error (exit 2). */
export async function bench(argv: readonly string[]): Promise<number> {
  const [suite, ...args] = argv;
  const module = suite && SUITE_NAME.test(suite) ? await loadSuite(suite) : undefined;
  if (!module) {
    const available = await availableSuites();
    const known = available.length > 0 ? available.join(', ') : 'none yet';
    throw new UsageError(`${suite ? `unknown benchmark suite "${suite}"` : 'name a benchmark suite'}; available: ${known}`);
  }
  await module.run(args);
  return 0;
}

/** The suites in the build: every `bench/<name>.js` that exports `run` (the folder also holds helpers). */
export async function availableSuites(): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(BENCH_FOLDER);
  } catch {
    return [];
  }
  const names = files.filter((file) => file.endsWith('.js')).map((file) => file.slice(0, -'.js'.length));
  const suites = await Promise.all(names.filter((name) => SUITE_NAME.test(name)).map(async (name) => ((await loadSuite(name)) ? name : undefined)));
  return suites.filter((name): name is string => name !== undefined).sort();
}

async function loadSuite(name: string): Promise<BenchSuite | undefined> {
  try {
    const module = (await import(new URL(`${name}.js`, BENCH_FOLDER).href)) as Partial<BenchSuite>;
    return typeof module.run === 'function' ? (module as BenchSuite) : undefined;
  } catch (error) {
    // A missing module means an unknown suite; any other failure is a broken suite and must be seen.
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`${name}.js`)) return undefined;
    throw error;
  }
}
