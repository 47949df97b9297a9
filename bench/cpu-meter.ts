import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent while a load runs, split between the process of the server under load and the
 * database server's processes, so that a ratio of requests per second can be read as "whose work
 * per request, and where". The database's share is read from /proc and only when the server runs
 * on this machine (the bench's default, loopback); elsewhere it is not reported rather than guessed.
 */
export interface CpuSpent {
  /** CPU milliseconds of the server's process (user + system): the bench's own, or a server process's */
  serverMs: number;
  /** CPU milliseconds of the database server's processes, when they are visible here */
  databaseMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux, whatever the kernel's HZ

/** the database server's processes, when its CPU can be read here */
export interface DatabaseProcesses {
  processNames: readonly string[];
  /** whether the server runs on this machine (else its CPU is not reported) */
  local: boolean;
}

/** the CPU this process and the database spend from now until the returned function is called */
export function startCpuMeter(database: DatabaseProcesses): () => CpuSpent {
  const processStart = process.cpuUsage();
  const databaseStart = database.local ? databaseTicks(database.processNames) : undefined;
  return () => {
    const used = process.cpuUsage(processStart);
    const databaseEnd = databaseStart === undefined ? undefined : databaseTicks(database.processNames);
    let databaseMs: number | undefined;
    if (databaseStart && databaseEnd) {
      // per process: one that ended meanwhile (an idle connection closed) takes its ticks along,
      // and would make a sum of all go down; one that started counts from zero
      let ticks = 0;
      for (const [pid, end] of databaseEnd) ticks += end - (databaseStart.get(pid) ?? 0);
      databaseMs = (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    }
    return { serverMs: (used.user + used.system) / 1000, ...(databaseMs === undefined ? {} : { databaseMs }) };
  };
}

/** "server N µs, database M µs" per request; the database part only where it was read */
export function describeCpuPerRequest(spent: CpuSpent, requests: number): string {
  const per = (milliseconds: number) => `${((milliseconds * 1000) / Math.max(1, requests)).toFixed(0)} µs`;
  return `server ${per(spent.serverMs)}${spent.databaseMs === undefined ? '' : `, database ${per(spent.databaseMs)}`}`;
}

/**
 * The database server of a bench engine: its processes by name (postgres for PostgreSQL,
 * mariadbd or mysqld for MariaDB/MySQL), counted when its URL points at this machine. An
 * embedded engine runs inside the bench's process: nothing apart to count.
 */
export function databaseProcesses(engine: 'postgres' | 'mysql' | 'embedded', url: string): DatabaseProcesses {
  if (engine === 'embedded') return { processNames: [], local: false };
  const host = new URL(url).hostname;
  return { processNames: engine === 'postgres' ? ['postgres'] : ['mariadbd', 'mysqld'], local: ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host) };
}

/** user + system ticks of each process with one of these names, by pid; undefined where /proc cannot tell */
function databaseTicks(names: readonly string[]): Map<string, number> | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined; // not Linux
  }
  const ticks = new Map<string, number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the name is in parentheses and may hold spaces; the fields after it are space-separated
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (!names.includes(name)) continue;
      const fields = stat.slice(close + 2).split(' ');
      // fields after the name start at field 3 (state): utime is field 14, stime field 15
      ticks.set(entry, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended between listing and reading
    }
  }
  return ticks.size > 0 ? ticks : undefined;
}
