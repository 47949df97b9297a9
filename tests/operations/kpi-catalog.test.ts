import { applyTargetOverrides, KPI_BY_CODE, KPI_CATALOG } from '../../src/operations/kpi-catalog';
import { MEASURE_SET_OF } from '../../src/operations/base-measures';
import { statusOf } from '../../src/operations/kpi-values';

describe('the KPI catalog', () => {
  it('has at least 30 indicators, each complete and over known base measures, covering all four dimensions', () => {
    expect(KPI_CATALOG.length).toBeGreaterThanOrEqual(30);
    expect(new Set(KPI_CATALOG.map((k) => k.code)).size).toBe(KPI_CATALOG.length);
    expect(new Set(KPI_CATALOG.map((k) => k.dimension))).toEqual(new Set(['FINANCIAL', 'PATIENT', 'INTERNAL_PROCESS', 'LEARNING_GROWTH']));
    for (const kpi of KPI_CATALOG) {
      expect([kpi.code, kpi.nameZh.length > 0, kpi.nameEn.length > 0, kpi.formula.length > 0, kpi.unit.length > 0, kpi.sources.length > 0]).toEqual([kpi.code, true, true, true, true, true]);
      for (const measure of kpi.measures) expect([kpi.code, measure, MEASURE_SET_OF.has(measure)]).toEqual([kpi.code, measure, true]);
      if (kpi.target !== null) expect(kpi.direction).not.toBe('NEUTRAL');
    }
  });

  it('rates a value against target and watch in the indicator’s direction', () => {
    const drugShare = KPI_BY_CODE.get('DRUG_SHARE')!; // lower is better: 0.30 target, 0.35 watch
    expect([0.29, 0.33, 0.4].map((v) => statusOf(drugShare, v))).toEqual(['ON_TARGET', 'WATCH', 'OFF_TARGET']);
    const cmi = KPI_BY_CODE.get('CMI')!; // higher is better: 1.0 target, 0.85 watch
    expect([1.1, 0.9, 0.5].map((v) => statusOf(cmi, v))).toEqual(['ON_TARGET', 'WATCH', 'OFF_TARGET']);
    expect(statusOf(KPI_BY_CODE.get('OUTPATIENT_VISITS')!, 100)).toBeNull();
  });

  it('takes a site’s targets and thresholds from configuration, naming codes that are not indicators', () => {
    expect(applyTargetOverrides({ DRUG_SHARE: { target: 0.25, watch: 0.28, alert: 0.4, alertMinimumCases: 30 }, DRUG_SHAER: { target: 1 } })).toEqual(['DRUG_SHAER']);
    const drugShare = KPI_BY_CODE.get('DRUG_SHARE')!;
    expect(statusOf(drugShare, 0.27)).toBe('WATCH');
    expect(drugShare.alert).toEqual({ threshold: 0.4, minimumCases: 0 }); // a share of revenue has no case count to require
    applyTargetOverrides({ AVERAGE_LENGTH_OF_STAY: { alert: 14, alertMinimumCases: 30 } });
    expect(KPI_BY_CODE.get('AVERAGE_LENGTH_OF_STAY')!.alert).toEqual({ threshold: 14, minimumCases: 30, casesMeasure: 'drg_cases' });
  });
});
