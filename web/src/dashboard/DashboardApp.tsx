import { useMemo, useState, type ReactNode } from 'react';
import { describeError, describePartialErrors } from '../shared/describe-error';
import { useTranslator } from '../shared/i18n';
import type { Session } from '../shared/SessionGate';
import { useOperation, type Loaded } from '../shared/use-operation';
import { AlertsView } from './AlertsView';
import { BenchmarkView } from './BenchmarkView';
import { loadAlerts, loadBenchmark, loadScorecard, loadTrends, type CatalogData, type KpiDefinition } from './dashboard-api';
import { isMonth, lastCompleteMonth, monthsEnding } from './months';
import { ScorecardView } from './ScorecardView';
import { TrendChart } from './TrendChart';

/** indicators drawn as trends: the monthly operations meeting's usual first page */
const TREND_KPIS = ['DRUG_SHARE', 'AVERAGE_LENGTH_OF_STAY', 'BED_OCCUPANCY', 'MEDICAL_REVENUE'];
const DEFAULT_BENCHMARK = 'DRUG_SHARE';
const TREND_MONTHS = 12;
/** roles whose rows are the whole hospital; the others see the departments in their token */
const HOSPITAL_ROLES = ['finance'];

export function DashboardApp({ session }: { session: Session<CatalogData> }) {
  const { token, data: catalog } = session;
  const { t, language } = useTranslator();
  const byCode = useMemo(() => new Map(catalog.kpiCatalog.map((k) => [k.code, k])), [catalog]);
  const departmentNames = useMemo(() => new Map(catalog.departments.map((d) => [d.code, d.name])), [catalog]);
  const hospitalWide = catalog.me.roles.some((role) => HOSPITAL_ROLES.includes(role));
  const choices = hospitalWide ? catalog.departments.filter((d) => d.kind === 'CLINICAL').map((d) => d.code) : catalog.me.departmentCodes;
  const own = useMemo(() => new Set(catalog.me.departmentCodes), [catalog]);

  // ?month=2026-10&department=RESP open a given view (links in reports, and the browser tests)
  const query = new URLSearchParams(window.location.search);
  const [month, setMonth] = useState(isMonth(query.get('month')) ? query.get('month')! : lastCompleteMonth());
  const [department, setDepartment] = useState<string | null>(() => {
    const asked = query.get('department');
    if (asked && choices.includes(asked)) return asked;
    return hospitalWide ? null : (choices[0] ?? null);
  });
  const [benchmarkKpi, setBenchmarkKpi] = useState(DEFAULT_BENCHMARK);

  const scorecard = useOperation(() => loadScorecard(token, department, month), [token, department, month]);
  const trends = useOperation(() => loadTrends(token, TREND_KPIS, department, monthsEnding(month, TREND_MONTHS)), [token, department, month]);
  const benchmark = useOperation(() => loadBenchmark(token, benchmarkKpi, month), [token, benchmarkKpi, month]);
  const alerts = useOperation(() => loadAlerts(token, month), [token, month]);

  const kpiName = (definition: KpiDefinition | undefined, code: string) => (definition ? (language === 'en' ? definition.nameEn : definition.name) : code);
  const departmentTitle = department ? (departmentNames.get(department) ?? department) : t('dashboard.hospital');

  return (
    <>
      <form className="controls card" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('dashboard.department')}
          <select data-testid="department" value={department ?? ''} onChange={(e) => setDepartment(e.target.value || null)}>
            {hospitalWide && <option value="">{t('dashboard.hospital')}</option>}
            {choices.map((code) => (
              <option key={code} value={code}>
                {departmentNames.get(code) ?? code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.month')}
          <input data-testid="month" type="month" value={month} required onChange={(e) => isMonth(e.target.value) && setMonth(e.target.value)} />
        </label>
      </form>

      <section className="card" data-testid="scorecard">
        <h2>
          {t('dashboard.scorecard')} <span className="muted">{t('dashboard.scorecardOf', { department: departmentTitle, period: month })}</span>
        </h2>
        <Section state={scorecard}>{(data) => <ScorecardView scorecard={data.scorecard} catalog={byCode} />}</Section>
      </section>

      <section className="card" data-testid="trends">
        <h2>
          {t('dashboard.trends')} <span className="muted">{departmentTitle}</span>
        </h2>
        <Section state={trends}>
          {(series) => (
            <div className="trends">
              {series.map((s) => (
                <TrendChart key={s.code} series={s} title={kpiName(byCode.get(s.code), s.code)} unit={byCode.get(s.code)?.unit ?? ''} />
              ))}
            </div>
          )}
        </Section>
      </section>

      <div className="columns">
        <section className="card" data-testid="benchmark">
          <h2>{t('dashboard.benchmark')}</h2>
          <label className="inline">
            {t('dashboard.benchmarkKpi')}
            <select data-testid="benchmark-kpi" value={benchmarkKpi} onChange={(e) => setBenchmarkKpi(e.target.value)}>
              {catalog.kpiCatalog.map((k) => (
                <option key={k.code} value={k.code}>
                  {kpiName(k, k.code)}
                </option>
              ))}
            </select>
          </label>
          <Section state={benchmark}>
            {(data) => <BenchmarkView rankings={data.benchmark} unit={byCode.get(benchmarkKpi)?.unit ?? ''} own={own} />}
          </Section>
        </section>

        <section className="card" data-testid="alerts">
          <h2>
            {t('dashboard.alerts')} <span className="muted">{month}</span>
          </h2>
          <Section state={alerts}>
            {(data) => <AlertsView alerts={data.alerts} catalog={byCode} />}
          </Section>
        </section>
      </div>
    </>
  );
}

/** a part of the page with its own loading and error state, so one failure does not blank the rest */
function Section<T>({ state, children }: { state: Loaded<T>; children(data: T): ReactNode }) {
  const { t } = useTranslator();
  const partial = describePartialErrors(state.partial, t);
  return (
    <>
      {state.error !== null && (
        <p className="notice error" role="alert">
          {describeError(state.error, t)}
        </p>
      )}
      {partial && <p className="notice warning">{partial}</p>}
      {state.data !== null ? <div className={state.loading ? 'stale' : undefined}>{children(state.data)}</div> : state.loading && <p className="muted">{t('loading')}</p>}
    </>
  );
}
