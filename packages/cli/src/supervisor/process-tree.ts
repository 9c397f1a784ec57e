import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// Where procfs exists (Linux) processes are looked up there, because a zombie still answers kill(pid, 0):
// in a container whose init does not reap orphans, a stopped process would otherwise look alive forever.
const HAS_PROCFS = existsSync('/proc/self/stat');

interface ProcessStat {
  readonly state: string;
  readonly groupId: number;
}

/** Sends `signal` to one process; false when it is already gone (or, by now, not ours to signal). */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    // ESRCH: already gone. EPERM: a pid that is no longer ours; never worth crashing the supervisor.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
    return false;
  }
}

/**
 * Sends `signal` to the process group led by `pid`, and to `pid` itself in case it is not a group leader.
 * Supervised processes are spawned detached, so each leads its own group and the group holds what they
 * started (PostgreSQL's server, worker processes). Returns false when nothing was left to signal.
 */
export function signalTree(pid: number, signal: NodeJS.Signals): boolean {
  const group = signalProcess(-pid, signal);
  const leader = signalProcess(pid, signal);
  return group || leader;
}

/** True while a process with this pid runs (also one of another user); a zombie counts as gone. */
export function isAlive(pid: number): boolean {
  if (HAS_PROCFS) {
    const stat = readStat(String(pid));
    return stat !== undefined && !isDead(stat);
  }
  return answersSignal(pid);
}

/** True while any process of the group led by `pid` runs, even after the leader itself has exited. */
export function isGroupAlive(pid: number): boolean {
  if (!HAS_PROCFS) return answersSignal(-pid);
  return readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const stat = readStat(entry);
    return stat !== undefined && stat.groupId === pid && !isDead(stat);
  });
}

/** Resolves true once `alive()` turns false, or false when `timeoutMs` passes first. */
export async function waitUntilGone(alive: () => boolean, timeoutMs: number, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}

/**
 * The command line of a running process, or undefined when it is gone. Used before signalling a pid read
 * from a state file, so that a pid the OS has since given to another program is never touched.
 */
export function commandLineOf(pid: number): string | undefined {
  if (!isAlive(pid)) return undefined;
  if (HAS_PROCFS) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return undefined;
    }
  }
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function answersSignal(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readStat(pid: string): ProcessStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself contain spaces and parentheses; the fields after the
    // last closing one are: state, parent pid, process group id, ...
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', groupId: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function isDead(stat: ProcessStat): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}
