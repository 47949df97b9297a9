import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AuditStore } from "../src/audit/store/audit-store";
import { mysqlAuditDatabase } from "../src/audit/store/mysql-audit-database";
import { pgliteAuditDatabase } from "../src/audit/store/pglite-audit-database";
import { postgresAuditDatabase } from "../src/audit/store/postgres-audit-database";
import { demoConfig, demoKeyDir } from "../src/demo/demo-config";
import { ensureDemoKeys } from "../src/demo/demo-identity";
import type { Sources } from "../src/sources";
import { openBenchSources } from "./bench-sources";
import { benchToken } from "./bench-gateway";
import { startServerProcess } from "./server-process";
import { writeResults, type ReportSection, type RunFacts } from "./results";
import { auditOverhead } from "./scenarios/audit-overhead";
import { dashboardWall, type WallRequest } from "./scenarios/dashboard-wall";
import { memoryByPage } from "./scenarios/memory-by-page";
import { nestedList } from "./scenarios/nested-list";
import { nestedOverHttp } from "./scenarios/nested-over-http";
import { permissionsOverhead } from "./scenarios/permissions-overhead";
import {
  departmentTrendAgainstSql,
  scorecardAgainstSql,
} from "./scenarios/scorecard-vs-sql";
import { FIND_KEYS, wallKeys, wallRequests } from "./scenarios/wall-requests";
import { auditedOperation, auditedRequests } from "./audited-request";
import { databaseProcesses } from "./cpu-meter";
import { postGraphQL } from "./bench-gateway";
import {
  auditUrl,
  BENCH_MYSQL_URL,
  BENCH_PG_URL,
  ensureServerData,
  openServerSources,
  resetBenchAudit,
  serverBenchConfig,
  type BenchAuditSchema,
  type ServerData,
  type ServerEngine,
} from "./server-data";

type BenchEngine = ServerEngine | "embedded";

const SEAL = "bench-audit-seal-secret-of-32-bytes!!";
const DEMO = { seed: 20260101, endMonth: "2026-10", months: 24 };

/**
 * `npm run bench`: the benchmark suite (see bench/README.md). For each engine and scale it loads
 * the demo hospital (reusing an earlier load), runs the scenarios, prints ratios measured in one
 * run with absolute times beside them, and writes bench/RESULTS.md.
 */
async function main(): Promise<void> {
  const engines = list(
    process.env.BENCH_ENGINES ?? "postgres,mysql",
  ) as BenchEngine[];
  const scales = list(
    process.env.BENCH_SCALES ?? process.env.BENCH_SCALE ?? "1,10",
  ).map(Number);
  const first = Number(process.env.BENCH_FIRST ?? 45);
  const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  // BENCH_ONLY=a,permissions,b,trend,c,memory,http,d runs some scenarios (all by default)
  const only = new Set(
    list(process.env.BENCH_ONLY ?? "a,permissions,b,trend,c,memory,http,d"),
  );
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
    50,
  );
  sampler.unref();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; engines ${engines.join(", ")}; scales ${scales.join(", ")}`,
  );

  const env = {
    GATEWAY_DEMO_DIR: mkdtempSync(path.join(os.tmpdir(), "gw-bench-")),
  };
  const keys = await ensureDemoKeys(demoKeyDir(env));
  const base = { ...demoConfig(env), demo: undefined };
  const secret = base.permissions.pseudonymSecret;
  const sections: ReportSection[] = [];
  const facts: RunFacts["data"] = [];

  for (const scale of scales) {
    for (const engine of engines) {
      const label = `${engine}, scale ${scale}`;
      const report = (title: string, lines: string[]) => {
        sections.push({ title: `${label} — ${title}`, lines });
        log(`\n[${label}] ${title}:\n${lines.join("\n")}`);
      };
      // a scenario that fails is reported as failed, with why, and the suite goes on
      const attempt = async (name: string, body: () => Promise<void>) => {
        try {
          await body();
        } catch (error) {
          const cause = (error as { cause?: { message?: string } }).cause
            ?.message;
          report(`${name} FAILED`, [
            `  ${(error as Error).message}${cause ? `: ${cause}` : ""}`,
          ]);
        }
      };
      const started = performance.now();
      // the database server's CPU per request is read where it runs on this machine
      const database = databaseProcesses(
        engine,
        engine === "mysql" ? BENCH_MYSQL_URL : BENCH_PG_URL,
      );
      let sources: Sources;
      let auditStore: (schema: BenchAuditSchema) => AuditStore;
      let closeExtra = async () => {};
      let serverData: ServerData | undefined;
      let postgres:
        | {
            url: string;
            namespaces: Record<"his" | "lis" | "pacs" | "finance", string>;
          }
        | undefined;
      if (engine === "embedded") {
        const opened = await openBenchSources({ ...DEMO, scale });
        sources = opened.sources;
        auditStore = (schema) =>
          new AuditStore(pgliteAuditDatabase(opened.database), SEAL, schema);
        facts.push({
          engine,
          scale,
          rows: opened.rows,
          loadSeconds: (performance.now() - started) / 1000,
          reused: false,
        });
      } else {
        const data = await ensureServerData(engine, { ...DEMO, scale }, log);
        facts.push({
          engine,
          scale,
          rows: data.rows,
          loadSeconds: data.loadSeconds,
          reused: data.reused,
        });
        await resetBenchAudit(data);
        serverData = data;
        sources = await openServerSources(await serverBenchConfig(data, base));
        const databases: { close(): Promise<void> }[] = [];
        auditStore = (schema) => {
          const db =
            engine === "postgres"
              ? postgresAuditDatabase(data.url, {
                  poolSize: 4,
                  statementTimeoutMs: 30_000,
                })
              : mysqlAuditDatabase(auditUrl(data, schema), {
                  poolSize: 4,
                  statementTimeoutMs: 30_000,
                });
          databases.push(db);
          return new AuditStore(
            db,
            SEAL,
            engine === "postgres" ? schema : undefined,
          );
        };
        closeExtra = async () => {
          await Promise.all(databases.map((db) => db.close()));
        };
        if (engine === "postgres")
          postgres = { url: data.url, namespaces: data.namespaces };
      }
      try {
        if (only.has("a"))
          await attempt("Scenario (a)", async () => {
            const nestedStore = auditStore("bench_nested_audit");
            await nestedStore.init();
            const nested = await nestedList(
              sources,
              secret,
              nestedStore,
              first,
            );
            report(
              `Scenario (a): nested list of ${nested.rows} rows (19 clinical departments × ${first} encounters) against its floor`,
              nested.lines,
            );
          });
        if (only.has("permissions"))
          await attempt("Permissions overhead", async () => {
            const overhead = await permissionsOverhead(sources, secret, first);
            report(
              `Permissions overhead on the nested list (${overhead.rows} rows)`,
              overhead.lines,
            );
          });
        if (only.has("b"))
          await attempt("Scenario (b) scorecard", async () => {
            const scorecard = await scorecardAgainstSql(sources, secret, 2025);
            report(
              "Scenario (b): the hospital scorecard for 2025 against its raw aggregate SQL",
              scorecard.lines,
            );
          });
        if (only.has("trend"))
          await attempt("Scenario (b) KPI trend", async () => {
            const trend = await departmentTrendAgainstSql(
              sources,
              secret,
              2025,
              "CARD",
            );
            report(
              "Scenario (b): one department's KPI trend, twelve months of 2025, against its raw aggregate SQL",
              trend.lines,
            );
          });
        if (only.has("c"))
          await attempt("Scenario (c)", async () => {
            const heavyStore = auditStore("bench_audit");
            await heavyStore.init();
            const audit = await auditOverhead(
              sources,
              heavyStore,
              secret,
              database,
            );
            report(
              "Scenario (c): audit-heavy identity reads — clinicians reading 50 patients' identities each, concurrently",
              audit.lines,
            );
          });
        if (only.has("memory"))
          await attempt("Memory by page size", async () => {
            const memory = await memoryByPage(
              sources,
              secret,
              [100, 1_000, 5_000],
            );
            report(
              "Memory by page size (the same pages at every scale)",
              memory.lines,
            );
          });

        if (serverData && (only.has("http") || only.has("d"))) {
          // each server in a process of its own, as deployed (bench/server-process.ts)
          const served = { data: serverData, demoDir: env.GATEWAY_DEMO_DIR };
          const gateway = await startServerProcess({ kind: "gateway", ...served });
          const token = benchToken(keys);
          const peer =
            postgres && process.env.BENCH_PEER !== "off"
              ? {
                  ...(await startServerProcess({
                    kind: "postgraphile",
                    connectionString: postgres.url,
                    schemas: postgres.namespaces,
                  })),
                  name: "PostGraphile v5",
                }
              : undefined;
          try {
            if (peer && only.has("http"))
              await attempt("Scenario (a) over HTTP", async () => {
                const http = await nestedOverHttp(gateway, peer, token, first);
                report(
                  `Scenario (a) over HTTP: the nested list from the gateway and from ${peer.name}`,
                  http.lines,
                );
              });
            if (only.has("d"))
              await attempt("Scenario (d)", async () => {
                const found = await postGraphQL(
                  gateway.url,
                  { query: FIND_KEYS },
                  await token(["clinician"], ["CARD"]),
                );
                const unsecured = await startServerProcess({
                  kind: "unsecured",
                  ...served,
                });
                // the records each request leaves, appended alone into the store the gateway writes to
                const wallStore = auditStore("bench_audit");
                await wallStore.init();
                const audited = auditedRequests(sources, secret);
                const drafts = (request: WallRequest) =>
                  audited(
                    auditedOperation(request.gateway.query),
                    request.gateway.variables ?? {},
                    { id: "bench-wall", name: null, roles: request.gateway.roles, departments: request.gateway.departments ?? [] },
                    "bench-wall",
                  );
                const wall = await dashboardWall(
                  { gateway, unsecured, peer },
                  wallRequests(wallKeys(found), peer !== undefined).filter(
                    (request) => !process.env.BENCH_WALL || process.env.BENCH_WALL.split(",").some((name) => request.name.startsWith(name.trim())),
                  ),
                  { connections, seconds: loadSeconds, token, database, auditAlone: { drafts, store: wallStore } },
                ).finally(() => unsecured.close());
                report(
                  `Scenario (d): a dashboard wall refreshing — many small concurrent requests${peer ? `, against ${peer.name}` : ""}`,
                  wall.lines,
                );
              });
          } finally {
            await peer?.close();
            await gateway.close();
          }
        }
      } finally {
        await sources.close();
        await closeExtra();
      }
    }
  }
  const file = writeResults(sections, {
    data: facts,
    peakRssMb: Math.round(peakRss / 1_048_576),
  });
  log(`\nresults written to ${file}`);
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
