import { formatDateTime, MINUTE } from './calendar';
import { DEPARTMENT_PANELS, LAB_PANELS, type AnalyteDef, type LabPanelDef } from './clinical-catalog';
import type { DemoWorld } from './demo-world';
import type { Random } from './random';

/** LIS requests and results: turnaround in hours, ~0.5% critical values, most notified in 15 minutes. */

export interface LabOrderRequest {
  encounterId: string;
  patientId: string;
  departmentCode: string;
  orderedAt: number;
  urgent: boolean;
  /** inpatients are sicker: more abnormal results */
  inpatient: boolean;
  panel: LabPanelDef;
}

const CRITICAL_SHARE = 0.008; // of results of analytes that have critical limits
const NOTIFIED_IN_TIME_SHARE = 0.9;

/** a routine panel first, then the department's own */
export function choosePanel(random: Random, departmentCode: string, first: boolean): LabPanelDef {
  const own = DEPARTMENT_PANELS[departmentCode] ?? [];
  if (first || own.length === 0 || random.chance(0.45)) return LAB_PANELS[random.chance(0.6) ? 'CBC' : 'CHEM']!;
  return LAB_PANELS[random.pick(own)]!;
}

export function writeLabOrder(world: DemoWorld, request: LabOrderRequest): void {
  const { random, out, dataEnd } = world;
  if (request.orderedAt >= dataEnd) return;
  const dept = world.departments.get(request.departmentCode)!;
  const id = world.ids.labRequest.take();
  const speed = request.urgent ? 0.4 : 1;
  const cancelled = random.chance(0.01);
  const collected = request.orderedAt + Math.round(random.logNormal(25, 0.6) * speed * MINUTE);
  const received = collected + Math.round(random.logNormal(20, 0.5) * speed * MINUTE);
  const reported = received + Math.round(random.logNormal(request.panel.code === 'CBC' || request.panel.code === 'ABG' ? 35 : 95, 0.5) * speed * MINUTE);
  const known = (at: number) => (cancelled || at >= dataEnd ? null : at);
  const reportTime = known(reported);
  const status = cancelled ? 'C' : reportTime !== null ? 'F' : 'R';
  const collectTime = known(collected);
  out.add('lis', 'lab_request', [
    id,
    request.encounterId,
    request.patientId,
    dept.lisCode,
    request.panel.code,
    request.panel.name,
    request.panel.specimen,
    formatDateTime(request.orderedAt),
    collectTime === null ? null : formatDateTime(collectTime),
    known(received) === null || collectTime === null ? null : formatDateTime(received),
    reportTime === null ? null : formatDateTime(reportTime),
    status,
  ]);
  if (reportTime === null) return;
  request.panel.analytes.forEach((analyte, index) => {
    const value = resultValue(random, analyte, request.inpatient ? 0.14 : 0.07);
    const notified = value.critical ? reportTime + Math.round((random.chance(NOTIFIED_IN_TIME_SHARE) ? random.uniform(2, 14.5) : random.uniform(16, 55)) * MINUTE) : null;
    out.add('lis', 'lab_result', [
      `${id}${String(index + 1).padStart(2, '0')}`,
      id,
      analyte.code,
      analyte.name,
      value.text,
      analyte.unit,
      referenceRange(analyte),
      value.flag,
      value.critical ? 1 : 0,
      notified === null ? null : formatDateTime(Math.min(notified, dataEnd - 1000)),
    ]);
  });
}

function referenceRange(analyte: AnalyteDef): string {
  if (analyte.qualitative) return '阴性';
  return `${analyte.low.toFixed(analyte.decimals)}-${analyte.high.toFixed(analyte.decimals)}`;
}

interface ResultValue {
  text: string;
  flag: 'N' | 'H' | 'L' | 'A';
  critical: boolean;
}

function resultValue(random: Random, analyte: AnalyteDef, abnormalShare: number): ResultValue {
  if (analyte.qualitative) {
    return random.chance(abnormalShare) ? { text: random.pick(['+', '++', '+++']), flag: 'A', critical: false } : { text: '阴性', flag: 'N', critical: false };
  }
  const format = (value: number) => value.toFixed(analyte.decimals);
  const hasCritical = analyte.criticalLow !== undefined || analyte.criticalHigh !== undefined;
  if (hasCritical && random.chance(CRITICAL_SHARE)) {
    const high = analyte.criticalHigh !== undefined && (analyte.criticalLow === undefined || random.chance(0.5));
    const value = high ? analyte.criticalHigh! * random.uniform(1.05, 1.5) : analyte.criticalLow! * random.uniform(0.6, 0.95);
    return { text: format(value), flag: high ? 'H' : 'L', critical: true };
  }
  if (random.chance(abnormalShare)) {
    const high = analyte.low <= 0 || random.chance(0.6);
    const ceiling = analyte.criticalHigh ?? analyte.high * 3;
    const floor = analyte.criticalLow ?? 0;
    const value = high ? Math.min(ceiling * 0.98, analyte.high * random.uniform(1.08, 1.8) + (analyte.high === 0 ? 0.1 : 0)) : Math.max(floor * 1.02, analyte.low * random.uniform(0.6, 0.93));
    // a value that rounds back into the interval is a normal result
    const text = format(value);
    const shown = Number(text);
    const flag = shown > analyte.high ? 'H' : shown < analyte.low ? 'L' : 'N';
    return { text, flag, critical: false };
  }
  const spread = analyte.high - analyte.low;
  const value = analyte.low + spread * Math.min(0.98, Math.max(0.02, random.normal(0.5, 0.18)));
  return { text: format(value), flag: 'N', critical: false };
}
