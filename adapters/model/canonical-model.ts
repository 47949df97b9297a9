import { entity, field, type RowOf } from './field-spec';

/**
 * The canonical model: the hospital's entities in the gateway's own terms, which every source
 * mapping targets and every resolver reads. The GraphQL schema (schema/*.graphql) presents the
 * same entities; enum values here and there are the same strings.
 */

export const DEPARTMENT_KINDS = ['CLINICAL', 'MEDICAL_TECHNOLOGY', 'ADMINISTRATIVE'] as const;
export const STAFF_KINDS = ['DOCTOR', 'NURSE', 'MEDICAL_TECHNICIAN', 'PHARMACIST', 'ADMINISTRATIVE', 'OTHER'] as const;
export const GENDERS = ['MALE', 'FEMALE', 'UNKNOWN'] as const;
export const INSURANCE_TYPES = ['URBAN_EMPLOYEE', 'URBAN_RURAL_RESIDENT', 'SELF_PAY', 'COMMERCIAL', 'PUBLIC_FUNDED', 'OTHER'] as const;
export const ENCOUNTER_KINDS = ['OUTPATIENT', 'EMERGENCY', 'INPATIENT'] as const;
export const DISCHARGE_OUTCOMES = ['ROUTINE', 'TRANSFER_HOSPITAL', 'TRANSFER_COMMUNITY', 'AGAINST_ADVICE', 'DIED', 'OTHER'] as const;
export const DIAGNOSIS_TYPES = ['PRINCIPAL', 'SECONDARY'] as const;
export const CHARGE_CATEGORIES = ['DRUG', 'CONSUMABLE', 'LAB', 'IMAGING', 'EXAM', 'SURGERY', 'SERVICE', 'BED', 'OTHER'] as const;
export const ABNORMAL_FLAGS = ['NORMAL', 'HIGH', 'LOW', 'ABNORMAL'] as const;
export const COST_CATEGORIES = ['PERSONNEL', 'CONSUMABLE', 'DRUG', 'DEPRECIATION', 'AMORTIZATION', 'RISK_FUND', 'OTHER'] as const;

export const DepartmentSpec = entity({
  name: 'Department',
  system: 'HIS',
  key: 'code',
  departmentField: 'code',
  fields: {
    code: field.departmentCode(),
    name: field.requiredString(),
    kind: field.requiredEnumOf(DEPARTMENT_KINDS),
    beds: field.int(),
  },
});

export const StaffSpec = entity({
  name: 'Staff',
  system: 'HIS',
  key: 'id',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    name: field.requiredString(),
    departmentCode: field.departmentCode(),
    kind: field.requiredEnumOf(STAFF_KINDS),
    title: field.string(),
    /** false for staff who have left (vendor dictionaries keep them for old records) */
    active: field.boolean(),
  },
});

export const PatientSpec = entity({
  name: 'Patient',
  system: 'HIS',
  key: 'id',
  fields: {
    id: field.key(),
    name: field.requiredString(),
    gender: field.enumOf(GENDERS),
    birthDate: field.date(),
    idCardNumber: field.string(),
    phone: field.string(),
    address: field.string(),
    insuranceType: field.enumOf(INSURANCE_TYPES),
  },
});

export const EncounterSpec = entity({
  name: 'Encounter',
  system: 'HIS',
  key: 'id',
  periodField: 'admittedAt',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    patientId: field.link(),
    kind: field.requiredEnumOf(ENCOUNTER_KINDS),
    departmentCode: field.departmentCode(),
    attendingDoctorId: field.optionalLink(),
    admittedAt: field.requiredDatetime(),
    dischargedAt: field.datetime(),
    dischargeOutcome: field.enumOf(DISCHARGE_OUTCOMES),
    unplannedReadmission: field.boolean(),
  },
});

export const DiagnosisSpec = entity({
  name: 'Diagnosis',
  system: 'HIS',
  key: 'id',
  fields: {
    id: field.key(),
    encounterId: field.link(),
    type: field.enumOf(DIAGNOSIS_TYPES),
    sequence: field.int(),
    code: field.requiredString(),
    name: field.string(),
  },
});

export const ProcedureSpec = entity({
  name: 'Procedure',
  system: 'HIS',
  key: 'id',
  periodField: 'performedAt',
  fields: {
    id: field.key(),
    encounterId: field.link(),
    code: field.requiredString(),
    name: field.string(),
    level: field.int(),
    performedAt: field.datetime(),
    minimallyInvasive: field.boolean(),
    complication: field.boolean(),
    surgeonId: field.optionalLink(),
  },
});

export const ChargeSpec = entity({
  name: 'Charge',
  system: 'HIS',
  key: 'id',
  periodField: 'chargedAt',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    encounterId: field.link(),
    patientId: field.link(),
    departmentCode: field.departmentCode(),
    category: field.requiredEnumOf(CHARGE_CATEGORIES),
    itemName: field.string(),
    amount: field.requiredDecimal(),
    chargedAt: field.requiredDatetime(),
  },
});

export const LabOrderSpec = entity({
  name: 'LabOrder',
  system: 'LIS',
  key: 'id',
  periodField: 'orderedAt',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    encounterId: field.link(),
    patientId: field.link(),
    departmentCode: field.departmentCode(),
    panelCode: field.string(),
    panelName: field.string(),
    specimenType: field.string(),
    orderedAt: field.requiredDatetime(),
    collectedAt: field.datetime(),
    receivedAt: field.datetime(),
    reportedAt: field.datetime(),
  },
});

export const LabResultSpec = entity({
  name: 'LabResult',
  system: 'LIS',
  key: 'id',
  fields: {
    id: field.key(),
    orderId: field.link(),
    analyteCode: field.requiredString(),
    analyteName: field.string(),
    value: field.string(),
    unit: field.string(),
    referenceRange: field.string(),
    abnormalFlag: field.enumOf(ABNORMAL_FLAGS),
    critical: field.boolean(),
    criticalNotifiedAt: field.datetime(),
  },
});

export const ImagingStudySpec = entity({
  name: 'ImagingStudy',
  system: 'PACS',
  key: 'id',
  periodField: 'scheduledAt',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    studyInstanceUid: field.string(),
    patientId: field.link(),
    encounterId: field.optionalLink(),
    departmentCode: field.departmentCode(),
    modality: field.requiredString(),
    equipmentId: field.optionalLink(),
    bodyPart: field.string(),
    scheduledAt: field.requiredDatetime(),
    performedAt: field.datetime(),
    reportedAt: field.datetime(),
    findingPositive: field.boolean(),
    reportText: field.string(),
  },
});

export const EquipmentSpec = entity({
  name: 'Equipment',
  system: 'PACS',
  key: 'id',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    name: field.requiredString(),
    modality: field.requiredString(),
    departmentCode: field.departmentCode(),
    manufacturer: field.string(),
    hourlyCapacity: field.int(),
    large: field.boolean(),
  },
});

export const DepartmentCostSpec = entity({
  name: 'DepartmentCost',
  system: 'FINANCE',
  key: 'id',
  periodField: 'month',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    departmentCode: field.departmentCode(),
    month: field.requiredMonth(),
    category: field.requiredEnumOf(COST_CATEGORIES),
    amount: field.requiredDecimal(),
  },
});

export const DrgGroupSpec = entity({
  name: 'DrgGroup',
  system: 'FINANCE',
  key: 'code',
  fields: {
    code: field.key(),
    name: field.requiredString(),
    weight: field.requiredDecimal(),
    lowRisk: field.boolean(),
    referenceAverageCost: field.decimal(),
    referenceAverageStay: field.decimal(),
  },
});

export const DrgCaseSpec = entity({
  name: 'DrgCase',
  system: 'FINANCE',
  key: 'id',
  periodField: 'dischargedOn',
  departmentField: 'departmentCode',
  fields: {
    id: field.key(),
    encounterId: field.link(),
    patientId: field.link(),
    departmentCode: field.departmentCode(),
    doctorId: field.optionalLink(),
    drgCode: field.requiredString(),
    drgName: field.string(),
    weight: field.requiredDecimal(),
    paymentStandard: field.requiredDecimal(),
    totalCost: field.requiredDecimal(),
    settlementAmount: field.decimal(),
    dischargedOn: field.requiredDate(),
    lengthOfStay: field.int(),
    dischargeOutcome: field.enumOf(DISCHARGE_OUTCOMES),
  },
});

export const CANONICAL_MODEL = {
  Department: DepartmentSpec,
  Staff: StaffSpec,
  Patient: PatientSpec,
  Encounter: EncounterSpec,
  Diagnosis: DiagnosisSpec,
  Procedure: ProcedureSpec,
  Charge: ChargeSpec,
  LabOrder: LabOrderSpec,
  LabResult: LabResultSpec,
  ImagingStudy: ImagingStudySpec,
  Equipment: EquipmentSpec,
  DepartmentCost: DepartmentCostSpec,
  DrgGroup: DrgGroupSpec,
  DrgCase: DrgCaseSpec,
} as const;

export type EntityName = keyof typeof CANONICAL_MODEL;

export type Department = RowOf<typeof DepartmentSpec>;
export type Staff = RowOf<typeof StaffSpec>;
export type Patient = RowOf<typeof PatientSpec>;
export type Encounter = RowOf<typeof EncounterSpec>;
export type Diagnosis = RowOf<typeof DiagnosisSpec>;
export type Procedure = RowOf<typeof ProcedureSpec>;
export type Charge = RowOf<typeof ChargeSpec>;
export type LabOrder = RowOf<typeof LabOrderSpec>;
export type LabResult = RowOf<typeof LabResultSpec>;
export type ImagingStudy = RowOf<typeof ImagingStudySpec>;
export type Equipment = RowOf<typeof EquipmentSpec>;
export type DepartmentCost = RowOf<typeof DepartmentCostSpec>;
export type DrgGroup = RowOf<typeof DrgGroupSpec>;
export type DrgCase = RowOf<typeof DrgCaseSpec>;

export interface CanonicalRows {
  Department: Department;
  Staff: Staff;
  Patient: Patient;
  Encounter: Encounter;
  Diagnosis: Diagnosis;
  Procedure: Procedure;
  Charge: Charge;
  LabOrder: LabOrder;
  LabResult: LabResult;
  ImagingStudy: ImagingStudy;
  Equipment: Equipment;
  DepartmentCost: DepartmentCost;
  DrgGroup: DrgGroup;
  DrgCase: DrgCase;
}

/** The entities each kind of source system provides (its port). */
export const ENTITIES_BY_SYSTEM = {
  HIS: ['Department', 'Staff', 'Patient', 'Encounter', 'Diagnosis', 'Procedure', 'Charge'],
  LIS: ['LabOrder', 'LabResult'],
  PACS: ['ImagingStudy', 'Equipment'],
  FINANCE: ['DepartmentCost', 'DrgGroup', 'DrgCase'],
} as const satisfies Record<string, readonly EntityName[]>;
