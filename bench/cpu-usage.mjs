// CPU seconds used so far by a process and by the whole machine, from /proc (Linux). A
// benchmark on a small shared machine must show who used the cores during the window: the
// server, the generator, or something else running there at the same time.
import fs from 'node:fs';

// USER_HZ, the unit of /proc times; 100 on every mainstream Linux build.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of `pid` so far, or null where /proc is not available. */
export function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return null;
  }
}

/**
 * CPU seconds the machine's processes have used so far, summed over cores: user, nice, system,
 * irq and softirq (not idle, iowait, or steal - time the hypervisor gave to someone else).
 */
export function machineBusySeconds() {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq] = ticks; // guest time is already inside user
    return (user + nice + system + irq + softirq) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
