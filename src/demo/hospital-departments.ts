/**
 * The demo hospital's departments and the code each source system uses for them.
 *
 * This is the single place the demo's department dictionary (字典对照) is written: the generator
 * writes each system's own code into that system's tables, and the shipped mapping files carry the
 * same crosswalk (a test checks that they agree). Canonical codes are the gateway's own.
 */

export type DepartmentKind = 'CLINICAL' | 'MEDICAL_TECHNOLOGY' | 'ADMINISTRATIVE';

export interface DemoDepartment {
  /** canonical code, as the gateway's API shows it */
  code: string;
  nameZh: string;
  nameEn: string;
  kind: DepartmentKind;
  /** HIS 科室代码 (GY_KSDM.KSDM): four digits */
  hisCode: string;
  /** LIS department code (lab_request.req_dept): 'K' + three digits */
  lisCode: string;
  /** PACS RequestingService / InstitutionalDepartmentName: upper-case English words */
  pacsCode: string;
  /** finance cost-center code (成本中心) */
  costCenter: string;
  /** open beds at scale 1 (scaled by the generator) */
  beds: number;
  /** relative share of the hospital's outpatient visits */
  outpatientWeight: number;
  /** relative share of the hospital's inpatient admissions (0: no wards) */
  inpatientWeight: number;
  /** whether the department operates (surgical departments) */
  surgical: boolean;
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { code: 'CARD', nameZh: '心血管内科', nameEn: 'Cardiology', kind: 'CLINICAL', hisCode: '0101', lisCode: 'K101', pacsCode: 'CARDIOLOGY', costCenter: 'CC1101', beds: 14, outpatientWeight: 9, inpatientWeight: 10, surgical: false },
  { code: 'RESP', nameZh: '呼吸与危重症医学科', nameEn: 'Respiratory and Critical Care Medicine', kind: 'CLINICAL', hisCode: '0102', lisCode: 'K102', pacsCode: 'PULMONOLOGY', costCenter: 'CC1102', beds: 12, outpatientWeight: 9, inpatientWeight: 9, surgical: false },
  { code: 'GAST', nameZh: '消化内科', nameEn: 'Gastroenterology', kind: 'CLINICAL', hisCode: '0103', lisCode: 'K103', pacsCode: 'GASTROENTEROLOGY', costCenter: 'CC1103', beds: 10, outpatientWeight: 8, inpatientWeight: 7, surgical: false },
  { code: 'NEUR', nameZh: '神经内科', nameEn: 'Neurology', kind: 'CLINICAL', hisCode: '0104', lisCode: 'K104', pacsCode: 'NEUROLOGY', costCenter: 'CC1104', beds: 10, outpatientWeight: 7, inpatientWeight: 7, surgical: false },
  { code: 'ENDO', nameZh: '内分泌科', nameEn: 'Endocrinology', kind: 'CLINICAL', hisCode: '0105', lisCode: 'K105', pacsCode: 'ENDOCRINOLOGY', costCenter: 'CC1105', beds: 6, outpatientWeight: 8, inpatientWeight: 4, surgical: false },
  { code: 'NEPH', nameZh: '肾内科', nameEn: 'Nephrology', kind: 'CLINICAL', hisCode: '0106', lisCode: 'K106', pacsCode: 'NEPHROLOGY', costCenter: 'CC1106', beds: 6, outpatientWeight: 4, inpatientWeight: 4, surgical: false },
  { code: 'HEMA', nameZh: '血液科', nameEn: 'Hematology', kind: 'CLINICAL', hisCode: '0107', lisCode: 'K107', pacsCode: 'HEMATOLOGY', costCenter: 'CC1107', beds: 5, outpatientWeight: 2, inpatientWeight: 3, surgical: false },
  { code: 'ONCO', nameZh: '肿瘤科', nameEn: 'Oncology', kind: 'CLINICAL', hisCode: '0108', lisCode: 'K108', pacsCode: 'ONCOLOGY', costCenter: 'CC1108', beds: 8, outpatientWeight: 3, inpatientWeight: 6, surgical: false },
  { code: 'GSUR', nameZh: '普通外科', nameEn: 'General Surgery', kind: 'CLINICAL', hisCode: '0201', lisCode: 'K201', pacsCode: 'GENERAL SURGERY', costCenter: 'CC1201', beds: 14, outpatientWeight: 6, inpatientWeight: 10, surgical: true },
  { code: 'ORTH', nameZh: '骨科', nameEn: 'Orthopedics', kind: 'CLINICAL', hisCode: '0202', lisCode: 'K202', pacsCode: 'ORTHOPEDICS', costCenter: 'CC1202', beds: 12, outpatientWeight: 7, inpatientWeight: 8, surgical: true },
  { code: 'NSUR', nameZh: '神经外科', nameEn: 'Neurosurgery', kind: 'CLINICAL', hisCode: '0203', lisCode: 'K203', pacsCode: 'NEUROSURGERY', costCenter: 'CC1203', beds: 8, outpatientWeight: 2, inpatientWeight: 4, surgical: true },
  { code: 'CTSU', nameZh: '心胸外科', nameEn: 'Cardiothoracic Surgery', kind: 'CLINICAL', hisCode: '0204', lisCode: 'K204', pacsCode: 'CARDIOTHORACIC SURGERY', costCenter: 'CC1204', beds: 6, outpatientWeight: 2, inpatientWeight: 3, surgical: true },
  { code: 'UROL', nameZh: '泌尿外科', nameEn: 'Urology', kind: 'CLINICAL', hisCode: '0205', lisCode: 'K205', pacsCode: 'UROLOGY', costCenter: 'CC1205', beds: 8, outpatientWeight: 4, inpatientWeight: 5, surgical: true },
  { code: 'OBGY', nameZh: '妇产科', nameEn: 'Obstetrics and Gynecology', kind: 'CLINICAL', hisCode: '0301', lisCode: 'K301', pacsCode: 'OBSTETRICS GYNECOLOGY', costCenter: 'CC1301', beds: 12, outpatientWeight: 8, inpatientWeight: 8, surgical: true },
  { code: 'PEDI', nameZh: '儿科', nameEn: 'Pediatrics', kind: 'CLINICAL', hisCode: '0401', lisCode: 'K401', pacsCode: 'PEDIATRICS', costCenter: 'CC1401', beds: 10, outpatientWeight: 9, inpatientWeight: 6, surgical: false },
  { code: 'OPHT', nameZh: '眼科', nameEn: 'Ophthalmology', kind: 'CLINICAL', hisCode: '0501', lisCode: 'K501', pacsCode: 'OPHTHALMOLOGY', costCenter: 'CC1501', beds: 4, outpatientWeight: 5, inpatientWeight: 3, surgical: true },
  { code: 'ENT', nameZh: '耳鼻咽喉科', nameEn: 'Otorhinolaryngology', kind: 'CLINICAL', hisCode: '0502', lisCode: 'K502', pacsCode: 'OTOLARYNGOLOGY', costCenter: 'CC1502', beds: 4, outpatientWeight: 5, inpatientWeight: 3, surgical: true },
  { code: 'EMER', nameZh: '急诊医学科', nameEn: 'Emergency Medicine', kind: 'CLINICAL', hisCode: '0601', lisCode: 'K601', pacsCode: 'EMERGENCY', costCenter: 'CC1601', beds: 4, outpatientWeight: 0, inpatientWeight: 1, surgical: false },
  { code: 'ICU', nameZh: '重症医学科', nameEn: 'Intensive Care', kind: 'CLINICAL', hisCode: '0602', lisCode: 'K602', pacsCode: 'INTENSIVE CARE', costCenter: 'CC1602', beds: 4, outpatientWeight: 0, inpatientWeight: 2, surgical: false },
  { code: 'LAB', nameZh: '检验科', nameEn: 'Clinical Laboratory', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0701', lisCode: 'K701', pacsCode: 'LABORATORY', costCenter: 'CC2101', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'RAD', nameZh: '放射科', nameEn: 'Radiology', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0702', lisCode: 'K702', pacsCode: 'RADIOLOGY', costCenter: 'CC2102', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'ULTR', nameZh: '超声医学科', nameEn: 'Ultrasound', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0703', lisCode: 'K703', pacsCode: 'ULTRASOUND', costCenter: 'CC2103', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'PATH', nameZh: '病理科', nameEn: 'Pathology', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0704', lisCode: 'K704', pacsCode: 'PATHOLOGY', costCenter: 'CC2104', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'PHAR', nameZh: '药学部', nameEn: 'Pharmacy', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0705', lisCode: 'K705', pacsCode: 'PHARMACY', costCenter: 'CC2105', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'ANES', nameZh: '麻醉科', nameEn: 'Anesthesiology', kind: 'MEDICAL_TECHNOLOGY', hisCode: '0706', lisCode: 'K706', pacsCode: 'ANESTHESIOLOGY', costCenter: 'CC2106', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'MEDA', nameZh: '医务部', nameEn: 'Medical Affairs', kind: 'ADMINISTRATIVE', hisCode: '0901', lisCode: 'K901', pacsCode: 'MEDICAL AFFAIRS', costCenter: 'CC3101', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'FIN', nameZh: '财务部', nameEn: 'Finance', kind: 'ADMINISTRATIVE', hisCode: '0902', lisCode: 'K902', pacsCode: 'FINANCE', costCenter: 'CC3102', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
  { code: 'INFO', nameZh: '信息中心', nameEn: 'Information Center', kind: 'ADMINISTRATIVE', hisCode: '0903', lisCode: 'K903', pacsCode: 'INFORMATION CENTER', costCenter: 'CC3103', beds: 0, outpatientWeight: 0, inpatientWeight: 0, surgical: false },
];

/** Planted anomalies that the alerts of the operations issue must find (and nothing else). */
export const DEMO_ANOMALIES = {
  /** drug share of this department's revenue climbs over the last four months of data */
  risingDrugShareDepartment: 'RESP',
  /** this DRG group's average cost exceeds its payment standard in each of the last three months */
  drgOverPaymentStandard: 'FM19',
  /** this scanner performs no studies after 12:00 (idle in the afternoons) */
  idleAfternoonScanner: 'CT02',
} as const;
