import { type CliEnvironment, toDataDir } from '../config.js';
import { probeHealth } from '../health-client.js';
import { statusTable } from '../health-table.js';
import { stateFilePath } from '../paths.js';
import { resolvePorts, serviceUrl } from '../system/ports.js';
import { parseFlags } from './arguments.js';
import { runningUp } from './up.js';

const HEALTH_TIMEOUT_MS = 3_000;

/**
 * `erp status`: asks every service of the running system for `/health` and prints one line each. Without
 * a running `erp up` it asks the default ports, so a system started another way can be checked too.
 * Exits 0 when every service passes (or warns), 1 otherwise.
 */
export async function status(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const flags = parseFlags(argv, { 'data-dir': { type: 'string' } });
  const dataDir = flags['data-dir'] ? toDataDir(flags['data-dir']) : environment.dataDir;
  const state = runningUp(stateFilePath(dataDir));
  let targets: { name: string; url: string }[];
  if (state) {
    targets = state.services.map(({ name, url }) => ({ name, url }));
    console.log(`erp up pid ${state.pid}, started ${state.startedAt}${state.phase === 'starting' ? ', still starting' : ''}\n`);
  } else {
    const ports = resolvePorts(undefined, environment.ports);
    targets = Object.entries(ports).map(([name, port]) => ({ name, url: serviceUrl('127.0.0.1', port) }));
    console.log(`No erp up is running from ${dataDir}; asking the configured ports.\n`);
  }
  const probes = await Promise.all(targets.map((target) => probeHealth(target.name, target.url, HEALTH_TIMEOUT_MS)));
  console.log(statusTable(probes));
  for (const probe of probes) if (probe.error) console.log(`${probe.name}: ${probe.error}`);
  const healthy = probes.filter((probe) => probe.health && probe.health.status !== 'fail').length;
  console.log(`\n${healthy} of ${probes.length} services healthy`);
  return healthy === probes.length ? 0 : 1;
}
