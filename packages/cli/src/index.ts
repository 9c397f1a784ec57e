// The programmatic surface of the CLI, for benchmarks and tests that need the running system without the
// text interface. `main.ts` is the command line; importing it runs it.
export { availableSuites, type BenchSuite } from './commands/bench.js';
export { type Column, formatTable, type HealthProbe, type ReadyService, readyTable, statusTable } from './health-table.js';
export { createLinePrefixer } from './log-lines.js';
export { type BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF } from './supervisor/backoff.js';
export { isAlive, isGroupAlive } from './supervisor/process-tree.js';
export {
  EXIT_CONFIG,
  type OutputLine,
  type ProcessSpec,
  type SupervisedProcess,
  type SupervisorEvent,
  type SupervisorOptions,
  superviseProcess,
} from './supervisor/supervisor.js';
export {
  createSystem,
  type ErpSystem,
  MAX_INSTANCES,
  type PlannedService,
  type ReadySystem,
  type ScaleOutcome,
  type ServiceInstance,
  type SystemProcess,
  SystemStoppedError,
  startSystem,
} from './system/create-system.js';
export type { DatabaseInfo } from './system/database.js';
export { DEFAULT_EMBEDDED_POSTGRES_PORT, type SystemOptions } from './system/options.js';
