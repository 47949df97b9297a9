import { readFileSync } from 'node:fs';
import pg from 'pg';
import { databaseProcesses, startCpuMeter } from '../../bench/cpu-meter';
import { describeWithEngine, PG_URL } from '../support/test-env';

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The CPU the dashboard wall reports per request (bench, issue 8): the bench's process and the database server's. */
describe('CPU meter of the benchmarks', () => {
  it("counts this process's CPU, and no database when the engine is embedded", () => {
    const meter = startCpuMeter(databaseProcesses('embedded', 'file:///x'));
    // spin until 60 ms of this process's CPU by the kernel's count (in wall time that is longer
    // when other work shares the cores, as in CI)
    const spinStart = process.cpuUsage();
    const giveUp = performance.now() + 10_000;
    let spin = 0;
    while (cpuMsSince(spinStart) < 60 && performance.now() < giveUp) spin += Math.sqrt(spin + 1);
    const spent = meter();
    expect(spin).toBeGreaterThan(0);
    expect(spent.serverMs).toBeGreaterThanOrEqual(55);
    expect(spent.serverMs).toBeLessThan(cpuMsSince(spinStart) + 50);
    expect(spent.databaseMs).toBeUndefined();
  });

  it('reads a database server only where its URL points at this machine', () => {
    expect(databaseProcesses('postgres', 'postgres://postgres@127.0.0.1:5432/postgres')).toEqual({ processNames: ['postgres'], local: true });
    expect(databaseProcesses('mysql', 'mysql://root@localhost:3306/test')).toEqual({ processNames: ['mariadbd', 'mysqld'], local: true });
    expect(databaseProcesses('postgres', 'postgres://gateway@db.hospital.example/his').local).toBe(false);
    const remote = startCpuMeter({ processNames: ['postgres'], local: false })();
    expect(remote.databaseMs).toBeUndefined();
  });
});

describeWithEngine('postgres', 'CPU meter of the benchmarks on a local PostgreSQL', () => {
  /** user + system CPU milliseconds of one process, by the kernel's count (10 ms ticks) */
  function processCpuMs(pid: number): number {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  it("counts the server's CPU for work this process asks of it, and none of that in this process", async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const backend = rows[0].pid;
      // Independent readings around the meter's: this process's CPU by getrusage, and the CPU of
      // the one PostgreSQL backend that does the work, by /proc. A bound against this process's
      // own readings, not against the database's, because a jest worker may do work of its own
      // meanwhile (a collection of an earlier test file's heap): CI once saw 1.3 s of it.
      const processBefore = process.cpuUsage();
      const backendBefore = processCpuMs(backend);
      const meter = startCpuMeter(databaseProcesses('postgres', PG_URL));
      // most of a second of the server's CPU, while this process waits
      await client.query('SELECT count(*) FROM generate_series(1, 8000000)');
      const spent = meter();
      const backendMs = processCpuMs(backend) - backendBefore;
      const processUsed = process.cpuUsage(processBefore);
      const processMs = (processUsed.user + processUsed.system) / 1000;

      expect(backendMs).toBeGreaterThanOrEqual(200);
      // the database's side holds all of that backend's work (one tick of rounding either way)
      expect(spent.databaseMs).toBeGreaterThanOrEqual(backendMs - 10);
      // the server's side is this process's CPU and no more: a meter that counted the machine, or
      // the database's processes, would exceed it by the backend's work
      expect(spent.serverMs).toBeLessThanOrEqual(processMs);
    } finally {
      await client.end();
    }
  });
});
