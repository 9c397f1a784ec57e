#!/usr/bin/env node
// The `erp` command: reads the environment once, dispatches to a command, and exits with its code.
import { readFileSync } from 'node:fs';
import { bench } from './commands/bench.js';
import { down } from './commands/down.js';
import { evaluate } from './commands/eval.js';
import { perf } from './commands/perf.js';
import { scale } from './commands/scale.js';
import { seed } from './commands/seed.js';
import { status } from './commands/status.js';
import { up } from './commands/up.js';
import { USAGE } from './commands/usage.js';
import { type CliEnvironment, readEnvironment, UsageError } from './config.js';

const EXIT_USAGE = 2;

type Command = (argv: readonly string[], environment: CliEnvironment) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  up,
  status,
  down,
  bench: (argv) => bench(argv),
  eval: (argv) => evaluate(argv),
  perf: (argv) => perf(argv),
  scale,
  seed: (argv) => seed(argv),
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  // A benchmark or evaluation suite reads its own arguments, --help included.
  const flags = name === 'bench' || name === 'eval' ? [name] : [name, ...rest];
  const wantsHelp = name === 'help' || flags.some((arg) => arg === '--help' || arg === '-h');
  if (name === undefined || wantsHelp) {
    console.log(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(manifest.version);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"; try erp --help`);
  return command(rest, readEnvironment());
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const usage = error instanceof UsageError;
  console.error(`erp: ${usage ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = usage ? EXIT_USAGE : 1;
}
// Lingering handles (signal handlers, a keep-alive socket) must not keep a finished command alive.
process.exit();
