import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentNode, ExecutionResult } from 'graphql';
import pg from 'pg';
import type {} from 'postgraphile';
import type { PgSmartTagRule } from 'postgraphile/utils';

/**
 * The PostGraphile v5 peer of the benchmarks (issue 8): PostGraphile over the same PostgreSQL
 * data the gateway reads, served over HTTP by grafserv on node:http.
 *
 * The four vendor systems share no foreign keys (they are separate products), so PostGraphile is
 * given the relations the gateway's mappings imply as smart tags only — virtual primary and
 * foreign keys, no DDL: no constraint, index or view is added to the vendor tables.
 *
 *   HIS  V_JZJL (encounters, a view)  @primaryKey JZH
 *        V_JZJL.KSDM → GY_KSDM.KSDM   department.encounters
 *        V_JZJL.BRID → GY_BRXX.BRID   encounter.patient
 *   LIS  lab_request.his_visit_no → V_JZJL.JZH        encounter.labOrders
 *        lab_result.req_id → lab_request.req_id       labOrder.results
 *   PACS Study.AdmissionID → V_JZJL.JZH               encounter.imagingStudies
 *
 * Tables keep their vendor column names (camel-cased by PostGraphile's inflection: KSDM → ksdm);
 * the types are renamed after the canonical entities so the queries read alike.
 */

export interface PostGraphileSchemas {
  his: string;
  lis: string;
  pacs: string;
  finance: string;
}

export interface PostGraphilePeerOptions {
  connectionString: string;
  /** the PostgreSQL schema of each vendor system */
  schemas: PostGraphileSchemas;
  /** connections in PostGraphile's pool (the gateway's sources default to 4–8 each) */
  poolSize?: number;
  /** told about every statement PostGraphile sends, with its parameters (its startup introspection too) */
  onStatement?: (sql: string, parameters: readonly unknown[]) => void;
}

/** A small request for scenario (d), with what the gateway answers it with. */
export interface SmallQuery {
  /** what it is, for the report */
  description: string;
  postgraphile: string;
  gateway: string;
  /**
   * variables of both documents for one key (a patient id, an encounter id; both systems use the
   * HIS's own ids there), or none
   */
  variables(key?: string): { postgraphile: Record<string, unknown>; gateway: Record<string, unknown> };
}

export interface PostGraphilePeer {
  /** the GraphQL endpoint, http://127.0.0.1:<port>/graphql */
  url: string;
  /** scenario (a): variables `{ first }` */
  nestedQuery: string;
  /** the default small query of scenario (d) (the department list) */
  smallQuery: string;
  /** candidate small queries of scenario (d), each with its gateway equivalent */
  smallQueries: Record<'departments' | 'patient' | 'encounterLabs', SmallQuery>;
  /** statements sent to PostgreSQL so far (introspection included; take differences) */
  statements(): number;
  /**
   * runs a document in this process, as grafserv does after parsing (grafast with the resolved
   * preset; the document is parsed once per distinct text, so operation plans are reused), without
   * HTTP and JSON — comparable with the gateway's in-process `execute` in scenario (a)
   */
  execute(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  /** runs a document over HTTP as a client would */
  post(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: { message: string }[] }>;
  close(): Promise<void>;
}

/**
 * Scenario (a) as PostGraphile answers it: the gateway's
 *   departments(filter: { kind: CLINICAL }) { code encounters(first: $first) { edges { node {
 *     id kind admittedAt patient { id name gender birthDate }
 *     labOrders { id orderedAt results { analyteCode value abnormalFlag } }
 *     imagingStudies { modality performedAt } } } } }
 * with the gateway's own filters and order: departments not voided (ZFBZ = '0', the mapping's
 * `where`) of kind clinical (KSLB = '1'); each department's first $first encounters by admission
 * time, then id (the gateway's order, the key appended); lab orders, results and studies are
 * whole lists in the gateway's order (which it sorts in memory: orders by time then id, results
 * by id, studies by scheduled time then accession number; PostGraphile sorts them in SQL).
 */
export const POSTGRAPHILE_NESTED = `query Nested($first: Int) {
  allDepartments(condition: { kslb: "1", zfbz: "0" }, orderBy: KSDM_ASC) { nodes { ksdm
    encounters(first: $first, orderBy: [KSSJ_ASC, JZH_ASC]) { edges { node { jzh jzlx kssj
      patient { brid xm xb csrq }
      labOrders(orderBy: [REQ_TIME_ASC, REQ_ID_ASC]) { nodes { reqId reqTime results { nodes { itemCode resultText abnFlag } } } }
      imagingStudies(orderBy: [SCHEDULED_DATE_TIME_ASC, ACCESSION_NUMBER_ASC]) { nodes { modality studyDateTime } } } } } } } }`;

/**
 * Rows of PostGraphile's answer to POSTGRAPHILE_NESTED, counted as `rowsOf` (bench/scenarios/
 * nested-list.ts) counts the gateway's: per encounter itself and its patient, each imaging study,
 * each lab order and each of its results.
 */
export function rowsOfPostGraphile(data: any): number {
  let rows = 0;
  for (const department of data.allDepartments.nodes) {
    for (const { node } of department.encounters.edges) {
      rows += 2 + node.imagingStudies.nodes.length;
      for (const order of node.labOrders.nodes) rows += 1 + order.results.nodes.length;
    }
  }
  return rows;
}

/** Candidate small requests of scenario (d). Department list and lookups by primary key: one cheap statement each on both sides. */
export const SMALL_QUERIES: PostGraphilePeer['smallQueries'] = {
  departments: {
    description: 'the department list (code and name of the ≈ 28 departments not voided): one statement on both sides',
    postgraphile: `{ allDepartments(condition: { zfbz: "0" }, orderBy: KSDM_ASC) { nodes { ksdm ksmc } } }`,
    gateway: `{ departments { code name } }`,
    variables: () => ({ postgraphile: {}, gateway: {} }),
  },
  patient: {
    description:
      "one patient's identity by id (primary-key lookup of GY_BRXX). The gateway audits identity reads and checks the viewer's access when permissions are on; PostGraphile has neither",
    postgraphile: `query Patient($id: String!) { patientByBrid(brid: $id) { brid xm xb csrq } }`,
    gateway: `query Patient($id: ID!) { patient(id: $id) { id name gender birthDate } }`,
    variables: (id) => ({ postgraphile: { id }, gateway: { id } }),
  },
  encounterLabs: {
    description:
      "one encounter with its lab orders and results (lookup by id in the encounter view, then LIS by visit number): the gateway sends three statements (HIS, LIS orders, LIS results), PostGraphile one",
    postgraphile: `query Encounter($id: String!) { encounterByJzh(jzh: $id) { jzh jzlx kssj
  labOrders(orderBy: [REQ_TIME_ASC, REQ_ID_ASC]) { nodes { reqId reqTime results { nodes { itemCode resultText abnFlag } } } } } }`,
    gateway: `query Encounter($id: ID!) { encounter(id: $id) { id kind admittedAt
  labOrders { id orderedAt results { analyteCode value abnormalFlag } } } }`,
    variables: (id) => ({ postgraphile: { id }, gateway: { id } }),
  },
};

/** The virtual keys and names PostGraphile needs over the demo's vendor schemas (smart tags, no DDL). */
export function demoSmartTags(schemas: PostGraphileSchemas): PgSmartTagRule[] {
  const ref = (schema: string, table: string) => `"${schema}"."${table}"`;
  const encounters = ref(schemas.his, 'V_JZJL');
  const cls = (schema: string, table: string, tags: Record<string, string | string[]>): PgSmartTagRule => ({
    kind: 'class',
    match: (c) => c.relname === table && c.getNamespace()?.nspname === schema,
    tags,
  });
  const attribute = (schema: string, table: string, column: string, tags: Record<string, string>): PgSmartTagRule => ({
    kind: 'attribute',
    match: (a) => a.attname === column && a.getClass()?.relname === table && a.getClass()?.getNamespace()?.nspname === schema,
    tags,
  });
  return [
    cls(schemas.his, 'GY_KSDM', { name: 'department' }),
    // departments are filtered as the gateway does (not voided, of a kind); a 28-row table
    // without secondary indexes, which PostGraphile would otherwise refuse to filter by
    attribute(schemas.his, 'GY_KSDM', 'KSLB', { behavior: '+attribute:filterBy' }),
    attribute(schemas.his, 'GY_KSDM', 'ZFBZ', { behavior: '+attribute:filterBy' }),
    cls(schemas.his, 'GY_BRXX', { name: 'patient' }),
    cls(schemas.his, 'V_JZJL', {
      name: 'encounter',
      primaryKey: 'JZH',
      foreignKey: [
        `("KSDM") references ${ref(schemas.his, 'GY_KSDM')} ("KSDM")|@fieldName department|@foreignFieldName encounters`,
        `("BRID") references ${ref(schemas.his, 'GY_BRXX')} ("BRID")|@fieldName patient|@foreignFieldName encounters`,
      ],
    }),
    cls(schemas.lis, 'lab_request', {
      name: 'lab_order',
      foreignKey: `(his_visit_no) references ${encounters} ("JZH")|@fieldName encounter|@foreignFieldName labOrders`,
    }),
    cls(schemas.lis, 'lab_result', {
      name: 'lab_result',
      foreignKey: `(req_id) references ${ref(schemas.lis, 'lab_request')} (req_id)|@fieldName order|@foreignFieldName results`,
    }),
    cls(schemas.pacs, 'Study', {
      name: 'imaging_study',
      foreignKey: `("AdmissionID") references ${encounters} ("JZH")|@fieldName encounter|@foreignFieldName imagingStudies`,
    }),
  ];
}

/**
 * PostGraphile 5.1 (grafast, @dataplan/pg, grafserv) declares Node ≥ 22; this project runs on
 * Node ≥ 20.19. The one newer API those packages call is `Promise.withResolvers` (ES2024, Node
 * 22): without it every SQL fetch fails ("Cannot read properties of undefined (reading 'items')").
 * The standard polyfill, installed only when missing; nothing in the gateway uses it.
 */
function ensurePromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (typeof P.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Starts PostGraphile over the demo's schemas on 127.0.0.1, a random port. */
export async function startPostGraphile(options: PostGraphilePeerOptions): Promise<PostGraphilePeer> {
  ensurePromiseWithResolvers();
  process.env.GRAPHILE_ENV ??= 'production';
  // PostGraphile v5 is loaded when a peer is started, not when the bench loads this module.
  const [{ postgraphile }, { PostGraphileAmberPreset }, { makePgService }, { grafserv }, { pgSmartTags }, grafast, graphql] = await Promise.all([
    import('postgraphile'),
    import('postgraphile/presets/amber'),
    import('postgraphile/adaptors/pg'),
    import('postgraphile/grafserv/node'),
    import('postgraphile/utils'),
    import('postgraphile/grafast'),
    import('postgraphile/graphql'),
  ]);

  let statements = 0;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      if (options.onStatement) {
        const first = args[0] as string | { text?: string; values?: unknown[] };
        if (typeof first === 'string') options.onStatement(first, Array.isArray(args[1]) ? args[1] : []);
        else options.onStatement(first?.text ?? '', first?.values ?? []);
      }
      return query(...args);
    };
  });

  const { his, lis, pacs, finance } = options.schemas;
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    plugins: [pgSmartTags(demoSmartTags(options.schemas))],
    pgServices: [makePgService({ pool, schemas: [his, lis, pacs, finance] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, websockets: false, watch: false },
    grafast: { explain: false },
  };
  const instance = postgraphile(preset);
  let server: Server | undefined;
  try {
    await instance.getSchema(); // introspection and schema build now, not on the first request
    const serv = instance.createServ(grafserv);
    server = createServer();
    await serv.addTo(server);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    server?.close();
    await instance.release();
    await pool.end();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const documents = new Map<string, DocumentNode>();
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    nestedQuery: POSTGRAPHILE_NESTED,
    smallQuery: SMALL_QUERIES.departments.postgraphile,
    smallQueries: SMALL_QUERIES,
    statements: () => statements,
    execute: async (query, variables) => {
      const { schema, resolvedPreset } = await instance.getSchemaResult();
      let document = documents.get(query);
      if (!document) {
        document = graphql.parse(query);
        const invalid = graphql.validate(schema, document);
        if (invalid.length) return { errors: invalid };
        documents.set(query, document);
      }
      // hookArgs builds the context as grafserv does (withPgClient and pgSettings from the preset)
      const args = await grafast.hookArgs({ schema, document, variableValues: variables ?? {}, resolvedPreset, requestContext: {} });
      const result = await grafast.execute(args);
      if (!('data' in result || 'errors' in result)) throw new Error('PostGraphile answered a query with a stream');
      return result as ExecutionResult;
    },
    post: async (query, variables) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { message: string }[] };
    },
    close: async () => {
      server!.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      await instance.release();
      await pool.end();
    },
  };
}
