// Preloaded with `node --import` into every process the supervisor starts. If the supervisor dies without
// a chance to stop its children (SIGKILL, a crash), the child is re-parented and its parent pid changes;
// it then stops itself the normal way, with SIGTERM, so that no orphan keeps holding ports or the database.
// It must stay small and import nothing up front: it runs before every service's own code.

const SUPERVISOR_PID_VARIABLE = 'ERP_SUPERVISOR_PID';
const POLL_MS = 500;
// The graceful stop may never finish: with the supervisor gone, the child's stdout is a broken pipe, and
// pino's synchronous flush at exit retries a write that fails with EPIPE forever, blocking the main
// thread. A watchdog on a worker thread, which that block does not stop, then ends the process for good.
const KILL_AFTER_MS = 5_000;

// The supervisor names itself, because it may already be gone by the time this runs; the parent pid seen
// here would then be the new parent's.
const parentPid = Number(process.env[SUPERVISOR_PID_VARIABLE]) || process.ppid;
const timer = setInterval(checkParent, POLL_MS);
timer.unref();
checkParent();

function checkParent(): void {
  if (process.ppid === parentPid) return;
  clearInterval(timer);
  void startWatchdog().finally(() => process.kill(process.pid, 'SIGTERM'));
}

async function startWatchdog(): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const source = "const { workerData } = require('node:worker_threads'); setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.ms);";
  new Worker(source, { eval: true, workerData: { pid: process.pid, ms: KILL_AFTER_MS } }).unref();
}
