import type { Viewer } from '../../src/auth/viewer';
import { KPI_CATALOG } from '../../src/operations/kpi-catalog';
import type { Sources } from '../../src/sources';
import { openEngineSources, QueryRunner, type TestEngine } from '../support/engine-sources';

/**
 * Operations analytics on every engine: the planted anomalies and nothing else raise alerts;
 * indicators are aggregates computed in the sources, scoped by the viewer; scorecards, rankings
 * and DRG detail hold together. (Each indicator's value against an independent oracle:
 * kpi-correctness.ts.)
 */
const finance: Viewer = { id: 'fin', name: 'Finance', roles: ['finance'], departments: [] };
const analyst: Viewer = { id: 'ana', name: 'Analyst', roles: ['analyst'], departments: [] };
const opsCard: Viewer = { id: 'ops', name: 'Ops', roles: ['ops_assistant'], departments: ['CARD'] };
const opsRad: Viewer = { id: 'ops-rad', name: 'Ops', roles: ['ops_assistant'], departments: ['RAD'] };
const directorOrth: Viewer = { id: 'dir', name: 'Director', roles: ['dept_director'], departments: ['ORTH', 'GAST'] };

export function defineOperationsScenarios(engine: TestEngine): void {
  let sources: Sources;
  let runner: QueryRunner;

  beforeAll(async () => {
    sources = await openEngineSources(engine);
    runner = new QueryRunner(sources);
  });

  afterAll(async () => {
    await sources?.close();
  });

  const ALERTS = '{ alerts(period: { month: "2026-10" }) { rule kpi subject department { code } values } }';

  it('raises exactly the planted anomalies as alerts, naming department, indicator and values', async () => {
    const { alerts } = await runner.data(ALERTS, undefined, finance);
    expect(alerts.map((a: any) => [a.rule, a.department.code, a.subject, a.kpi])).toEqual([
      ['DRUG_SHARE_CLIMBING', 'RESP', null, 'DRUG_SHARE'],
      ['DRG_OVER_PAYMENT_STANDARD', 'CARD', 'FM19', 'COST_TO_PAYMENT_STANDARD'],
      ['EQUIPMENT_IDLE_AFTERNOONS', 'RAD', 'CT02', 'LARGE_EQUIPMENT_UTILIZATION'],
    ]);
    const [drug, drg, idle] = alerts;
    expect(drug.values).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(drug.values[i]).toBeGreaterThan(drug.values[i - 1] + 0.02);
    for (const ratio of drg.values) expect(ratio).toBeGreaterThan(1.15);
    expect(idle.values[0]).toBe(0);
  });

  it('raises nothing for departments without an anomaly, and only theirs for a department role', async () => {
    expect((await runner.data(ALERTS, undefined, directorOrth)).alerts).toEqual([]);
    const rad = await runner.data(ALERTS, undefined, opsRad);
    expect(rad.alerts.map((a: any) => a.subject)).toEqual(['CT02']);
    // before the drug-share and DRG anomalies began only the scanner (idle all along) is flagged
    expect((await runner.data('{ alerts(period: { month: "2026-03" }) { rule subject } }', undefined, finance)).alerts).toEqual([{ rule: 'EQUIPMENT_IDLE_AFTERNOONS', subject: 'CT02' }]);
  });

  it('computes indicators with aggregate statements only, as many for a year as for a quarter', async () => {
    const query = (period: string) => `{ kpis(period: ${period}) { code value } }`;
    const quarter = await runner.run(query('{ quarter: "2026-Q1" }'), undefined, finance);
    const year = await runner.run(query('{ year: 2025 }'), undefined, finance);
    expect(quarter.errors).toBeUndefined();
    expect((quarter.data as any).kpis).toHaveLength(KPI_CATALOG.length);
    expect(year.statements.length).toBe(quarter.statements.length);
    // the measure sets (GROUP BY) plus the reference dictionaries: departments, staff counts, devices
    for (const statement of quarter.statements) {
      const dictionary = /GY_KSDM|"Device"|`Device`|Device/.test(statement.sql) && !/group by/i.test(statement.sql);
      expect([statement.sql.slice(0, 60), /group by/i.test(statement.sql) || dictionary]).toEqual([statement.sql.slice(0, 60), true]);
    }
    expect(quarter.statements.length).toBeLessThanOrEqual(14);
  });

  it('scopes indicators to a department role’s departments, in SQL, and refuses others', async () => {
    const own = await runner.run('{ kpis(codes: ["DRUG_SHARE", "AVERAGE_LENGTH_OF_STAY"], period: { quarter: "2026-Q1" }) { code value department { code } } }', undefined, opsCard);
    expect(own.errors).toBeUndefined();
    const values = (own.data as any).kpis;
    expect(values.map((v: any) => v.department.code)).toEqual(['CARD', 'CARD']);
    const hospitalView = await runner.data('{ kpis(codes: ["DRUG_SHARE", "AVERAGE_LENGTH_OF_STAY"], departments: ["CARD"], period: { quarter: "2026-Q1" }) { code value } }', undefined, finance);
    expect(values.map((v: any) => v.value)).toEqual(hospitalView.kpis.map((v: any) => v.value));
    for (const statement of own.statements.filter((s) => /group by/i.test(s.sql) && !/GY_ZGXX/.test(s.sql))) expect(statement.parameters).toEqual(expect.arrayContaining([expect.stringMatching(/^(0101|CC1101)$/)]));
    const other = await runner.run('{ kpis(codes: ["DRUG_SHARE"], departments: ["RESP"], period: { quarter: "2026-Q1" }) { value } }', undefined, opsCard);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('computes a date range like the months it covers, and a part of a month by day', async () => {
    const month = await runner.data('{ kpis(codes: ["ADMISSIONS", "DRUG_SHARE"], period: { month: "2026-03" }) { code value previousValue } }', undefined, finance);
    const range = await runner.data('{ kpis(codes: ["ADMISSIONS", "DRUG_SHARE"], period: { from: "2026-03-01", to: "2026-03-31" }) { code value } }', undefined, finance);
    range.kpis.forEach((v: any, i: number) => expect(v.value).toBeCloseTo(month.kpis[i].value, 9)); // summed by day, not month
    const halves = await Promise.all(
      ['{ from: "2026-03-01", to: "2026-03-15" }', '{ from: "2026-03-16", to: "2026-03-31" }'].map((p) => runner.data(`{ kpis(codes: ["ADMISSIONS"], period: ${p}) { value previousValue } }`, undefined, finance)),
    );
    expect(halves[0].kpis[0].value + halves[1].kpis[0].value).toBe(month.kpis[0].value);
    // the first half's previous period is the fortnight before it
    expect(typeof halves[0].kpis[0].previousValue).toBe('number');
  });

  it('suppresses small cells for analysts, not for finance', async () => {
    const query = '{ kpis(codes: ["LOW_RISK_MORTALITY", "AVERAGE_LENGTH_OF_STAY"], departments: ["ENT", "OPHT", "CTSU"], period: { month: "2026-03" }) { code department { code } value suppressed } }';
    const seenByAnalyst = (await runner.data(query, undefined, analyst)).kpis;
    const seenByFinance = (await runner.data(query, undefined, finance)).kpis;
    const suppressed = seenByAnalyst.filter((v: any) => v.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const value of suppressed) {
      expect(value.value).toBeNull();
      const clear = seenByFinance.find((v: any) => v.code === value.code && v.department.code === value.department.code);
      expect(clear.suppressed).toBe(false);
      expect(clear.value).not.toBeNull();
    }
  });

  it('builds a scorecard by dimension and ranks departments on an indicator', async () => {
    const { scorecard } = await runner.data('{ scorecard(period: { quarter: "2026-Q1" }) { department { code } dimensions { dimension onTarget watch offTarget indicators { code status target value } } } }', undefined, finance);
    expect(scorecard.department).toBeNull();
    expect(scorecard.dimensions.map((d: any) => d.dimension)).toEqual(['FINANCIAL', 'PATIENT', 'INTERNAL_PROCESS', 'LEARNING_GROWTH']);
    expect(scorecard.dimensions.flatMap((d: any) => d.indicators)).toHaveLength(KPI_CATALOG.length);
    for (const group of scorecard.dimensions) {
      const statuses = group.indicators.map((i: any) => i.status);
      expect([group.onTarget, group.watch, group.offTarget]).toEqual(['ON_TARGET', 'WATCH', 'OFF_TARGET'].map((s) => statuses.filter((x: string) => x === s).length));
    }
    const { benchmark } = await runner.data('{ benchmark(kpi: "AVERAGE_LENGTH_OF_STAY", period: { year: 2025 }) { rank department { code } value median quartile } }', undefined, finance);
    const ranked = benchmark.filter((r: any) => r.value !== null);
    expect(ranked.length).toBeGreaterThan(10);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].value).toBeGreaterThanOrEqual(ranked[i - 1].value);
    const sorted = ranked.map((r: any) => r.value).sort((a: number, b: number) => a - b);
    const middle = (sorted.length - 1) / 2;
    expect(ranked[0].median).toBeCloseTo((sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2, 9);
    expect(ranked[0].quartile).toBe(1);
  });

  it('classifies DRG cases and sums them per group, department and doctor', async () => {
    const { drgCases } = await runner.data('{ drgCases(filter: { departments: ["CARD"], period: { quarter: "2026-Q3" } }, first: 500) { totalCount edges { node { drgCode totalCost paymentStandard surplus costToStandardRatio ratioClass } } } }', undefined, finance);
    for (const { node } of drgCases.edges) {
      expect(node.surplus).toBeCloseTo(node.paymentStandard - node.totalCost, 2);
      expect(node.costToStandardRatio).toBeCloseTo(node.totalCost / node.paymentStandard, 4);
      expect(['HIGH', 'LOW', 'NORMAL']).toContain(node.ratioClass);
    }
    for (const by of ['GROUP', 'DEPARTMENT', 'DOCTOR']) {
      const { drgGroupSummaries } = await runner.data(`{ drgGroupSummaries(period: { quarter: "2026-Q3" }, departments: ["CARD"], by: ${by}) { drgCode cases surplus department { code } doctor { id } } }`, undefined, finance);
      expect(drgGroupSummaries.reduce((n: number, s: any) => n + s.cases, 0)).toBe(drgCases.totalCount);
      const surplus = drgCases.edges.reduce((n: number, e: any) => n + e.node.surplus, 0);
      expect(drgGroupSummaries.reduce((n: number, s: any) => n + s.surplus, 0)).toBeCloseTo(surplus, 1);
    }
    const fm19 = (await runner.data('{ drgGroupSummaries(period: { quarter: "2026-Q3" }) { drgCode surplus averageCost } }', undefined, finance)).drgGroupSummaries.find((s: any) => s.drgCode === 'FM19');
    expect(fm19.surplus).toBeLessThan(0);
  });
}
