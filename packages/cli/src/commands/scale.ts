import { SERVICES, type ServiceName } from '@erp/contracts';
import { type CliEnvironment, toDataDir, UsageError } from '../config.js';
import { stateFilePath } from '../paths.js';
import { controlSocketPath, requestScale } from '../system/control.js';
import { MAX_INSTANCES } from '../system/create-system.js';
import { runningUp } from './up.js';

/**
 * `erp scale <service>=<n> ...`: asks the running `erp up` to run `n` instances of each named service. New
 * instances listen on free ports and register themselves; the gateway balances over them within a second.
 */
export async function scale(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const { targets, dataDir } = parseScaleArguments(argv, environment.dataDir);
  const state = runningUp(stateFilePath(dataDir));
  if (!state) {
    console.error(`No erp up is running from ${dataDir}; start the system with erp up first.`);
    return 1;
  }
  for (const target of targets) {
    try {
      const outcome = await requestScale(controlSocketPath(dataDir), target);
      console.log(`${outcome.service}: ${outcome.before} → ${outcome.after} instances`);
      for (const instance of outcome.instances) console.log(`  ${instance.name.padEnd(16)} ${instance.url}  pid ${instance.pid ?? '-'}`);
    } catch (error) {
      console.error(`${target.service}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  return 0;
}

/** The `service=count` pairs and the data folder of an `erp scale` command line. */
export function parseScaleArguments(argv: readonly string[], defaultDataDir: string): { targets: { service: ServiceName; count: number }[]; dataDir: string } {
  let dataDir = defaultDataDir;
  const targets: { service: ServiceName; count: number }[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--data-dir') {
      const value = argv[index + 1];
      if (value === undefined) throw new UsageError('--data-dir needs a path');
      dataDir = toDataDir(value);
      index += 1;
      continue;
    }
    const match = /^([a-z]+)=(\d+)$/.exec(argument);
    if (!match) throw new UsageError(`expected <service>=<instances>, e.g. core=3, not "${argument}"`);
    const [, service, count] = match as unknown as [string, string, string];
    if (!SERVICES.some((entry) => entry.name === service))
      throw new UsageError(`unknown service "${service}"; one of ${SERVICES.map((entry) => entry.name).join(', ')}`);
    const instances = Number(count);
    if (instances < 1 || instances > MAX_INSTANCES) throw new UsageError(`${service}: instances must be from 1 to ${MAX_INSTANCES}`);
    targets.push({ service: service as ServiceName, count: instances });
  }
  if (targets.length === 0) throw new UsageError('name at least one <service>=<instances>, e.g. erp scale core=3');
  return { targets, dataDir };
}
