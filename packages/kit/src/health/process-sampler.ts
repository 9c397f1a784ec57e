import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** CPU, memory and event-loop figures of this process, measured over the last sampling window. */
export interface ProcessSample {
  cpuPercent: number;
  cores: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  eventLoopLagP99Ms: number;
  eventLoopUtilization: number;
}

const MB = 1024 * 1024;
const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Samples the process every `windowMs`: CPU from `process.cpuUsage` deltas (percent of one core), event-loop
 * lag p99 from `monitorEventLoopDelay`, utilisation from `performance.eventLoopUtilization` deltas.
 * Reading a sample is free; the timer is unref'd so it never keeps the process alive.
 */
export function createProcessSampler(windowMs = 1000): { read(): ProcessSample; stop(): void } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let cpuPercent = 0;
  let lagP99Ms = 0;
  let utilization = 0;

  const sample = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const elu = performance.eventLoopUtilization(lastElu);
    const wallUs = (now - lastWall) * 1000;
    cpuPercent = wallUs > 0 ? ((cpu.user + cpu.system) / wallUs) * 100 : 0;
    utilization = elu.utilization;
    // The histogram includes the timer resolution itself; subtract it so an idle loop reads near zero.
    lagP99Ms = Math.max(0, delay.percentile(99) / 1e6 - 10);
    delay.reset();
    lastCpu = process.cpuUsage();
    lastElu = performance.eventLoopUtilization();
    lastWall = now;
  };
  const timer = setInterval(sample, windowMs);
  timer.unref();

  return {
    read() {
      const memory = process.memoryUsage();
      return {
        cpuPercent: round1(cpuPercent),
        cores: availableParallelism(),
        rssMb: round1(memory.rss / MB),
        heapUsedMb: round1(memory.heapUsed / MB),
        heapTotalMb: round1(memory.heapTotal / MB),
        eventLoopLagP99Ms: round3(lagP99Ms),
        eventLoopUtilization: round3(Math.min(1, Math.max(0, utilization))),
      };
    },
    stop() {
      clearInterval(timer);
      delay.disable();
    },
  };
}
