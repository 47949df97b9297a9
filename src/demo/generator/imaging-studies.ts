import { DEMO_ANOMALIES } from '../hospital-departments';
import { DAY, formatDateTime, hourOf, HOUR, MINUTE, startOfDay } from './calendar';
import { DEVICES, type ImagingProtocol } from './clinical-catalog';
import type { DemoWorld } from './demo-world';

/** RIS/PACS studies: scheduled, performed on a device, reported; one scanner idles after noon. */

export interface ImagingRequest {
  encounterId: string;
  patientId: string;
  departmentCode: string;
  requestedAt: number;
  urgent: boolean;
  protocol: ImagingProtocol;
}

const POSITIVE_SHARE: Record<string, number> = { CT: 0.55, MR: 0.55, DR: 0.35, US: 0.45, MG: 0.2, XA: 0.8 };
const STUDY_UID_ROOT = '1.2.826.0.1.3680043.10.1001';

/** Returns the accession number, or null when the study lies after the data ends. */
export function writeImagingStudy(world: DemoWorld, request: ImagingRequest): string | null {
  const { random, out, dataEnd } = world;
  let scheduled = request.urgent ? request.requestedAt + random.int(10, 40) * MINUTE : request.requestedAt + Math.round(random.uniform(1, 48) * HOUR);
  if (!request.urgent) scheduled = withinOpeningHours(scheduled, random.int(0, 59) * MINUTE);
  if (scheduled >= dataEnd) return null;
  const noShow = random.chance(0.01);
  const performed = scheduled + Math.round((request.urgent ? random.uniform(3, 15) : random.logNormal(22, 0.6)) * MINUTE);
  const readingMinutes = request.protocol.modality === 'US' ? random.uniform(8, 30) : random.logNormal(request.protocol.modality === 'DR' ? 70 : 180, 0.6);
  const reported = performed + Math.round(readingMinutes * MINUTE);
  const performedAt = noShow || performed >= dataEnd ? null : performed;
  const reportedAt = performedAt === null || reported >= dataEnd ? null : reported;
  const positive = random.chance(POSITIVE_SHARE[request.protocol.modality] ?? 0.4);
  const accession = world.ids.accession.take();
  world.studyUidSequence += 1;
  out.add('pacs', 'Study', [
    accession,
    `${STUDY_UID_ROOT}.${world.studyUidSequence}`,
    request.patientId,
    request.encounterId,
    world.departments.get(request.departmentCode)!.pacsCode,
    request.protocol.modality,
    device(world, request.protocol.modality, performedAt ?? scheduled),
    request.protocol.bodyPart,
    formatDateTime(scheduled),
    performedAt === null ? null : formatDateTime(performedAt),
    reportedAt === null ? null : formatDateTime(reportedAt),
    reportedAt === null ? null : positive ? 'Y' : 'N',
    reportedAt === null ? null : positive ? request.protocol.positive : request.protocol.negative,
  ]);
  return accession;
}

/** elective studies run 08:00–20:00; a request outside those hours waits for the next slot */
function withinOpeningHours(at: number, jitter: number): number {
  const hour = hourOf(at);
  if (hour >= 8 && hour < 20) return at;
  const day = startOfDay(at) + (hour >= 20 ? DAY : 0);
  return day + 8 * HOUR + jitter;
}

function device(world: DemoWorld, modality: string, at: number): string {
  const candidates = DEVICES.filter((d) => d.modality === modality).map((d) => d.aeTitle);
  let chosen = world.random.pick(candidates);
  if (chosen === DEMO_ANOMALIES.idleAfternoonScanner && hourOf(at) >= 12) {
    chosen = world.random.pick(candidates.filter((aeTitle) => aeTitle !== DEMO_ANOMALIES.idleAfternoonScanner));
  }
  return chosen;
}
