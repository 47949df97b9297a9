import { DATA_CLASSES, MASKS, ROLE_ACCESS, ROW_SCOPES, SMALL_CELL_ROLES, type DataClass } from './permission-model';
import { ROLE_TITLES, ROLES } from './roles';

/**
 * The README's permission table, rendered from the permission model so that the documentation
 * cannot drift from the code (`npm run docs:permissions` rewrites it; a test compares).
 */
export const TABLE_BEGIN = '<!-- permission-table:begin -->';
export const TABLE_END = '<!-- permission-table:end -->';

const CLASS_TITLES: Record<DataClass, string> = {
  SELF: 'own identity (`me`)',
  STRUCTURE: 'pages, cursors, counts',
  REFERENCE: 'departments, staff, equipment, DRG groups',
  PATIENT: 'patient record (gender, insurance)',
  PATIENT_ID: 'patient id',
  IDENTITY_NAME: 'name',
  IDENTITY_ID_NUMBER: 'ID card number',
  IDENTITY_PHONE: 'phone',
  IDENTITY_BIRTH_DATE: 'birth date',
  IDENTITY_ADDRESS: 'address',
  CLINICAL: 'encounters, diagnosis/procedure codes, lab orders, imaging studies',
  CLINICAL_RESULT: 'lab results, imaging findings',
  CLINICAL_TEXT: 'free text: diagnosis/procedure names, report text',
  FINANCIAL: 'charges, department costs, DRG cases',
  AUDIT: 'audit trail, chain integrity',
  ACCESS_REQUEST: 'access requests and grants (own, to decide, or all for auditors)',
  REQUEST_ACCESS: 'request access to a patient (`requestRecordAccess`)',
  DECIDE_ACCESS: 'decide requests for patients the department treated',
  BREAK_GLASS: 'break-glass access (`breakGlass`)',
  REVIEW_ACCESS: 'review break-glass accesses',
  OPERATIONS: 'indicators, scorecards, benchmarks, alerts (values need the data class behind them)',
};

const MASK_TITLES: Record<string, string> = {
  pseudonym: 'pseudonym',
  name: '张*',
  idNumber: '110105\\*\\*\\*\\*\\*\\*\\*\\*002X',
  phone: '138\\*\\*\\*\\*5678',
  birthYear: 'year',
  ageBand: 'age band',
  provinceCity: 'province + city',
};

export function renderPermissionTable(): string {
  const header = `| data | ${ROLES.map((role) => `\`${role}\``).join(' | ')} |`;
  const divider = `|---|${ROLES.map(() => '---').join('|')}|`;
  const cell = (role: (typeof ROLES)[number], dataClass: DataClass) => {
    const access = ROLE_ACCESS[role][dataClass];
    if (access === 'clear') return '✔';
    if (access === 'none') return '—';
    const mask = MASKS[dataClass];
    return `masked: ${MASK_TITLES[(mask?.[role] ?? mask?.default) as string]}`;
  };
  const rows = DATA_CLASSES.map((dataClass) => `| ${CLASS_TITLES[dataClass]} | ${ROLES.map((role) => cell(role, dataClass)).join(' | ')} |`);
  const readsRows = (role: (typeof ROLES)[number]) => (['PATIENT', 'CLINICAL', 'FINANCIAL'] as const).some((c) => ROLE_ACCESS[role][c] !== 'none');
  const scope = `| **rows** | ${ROLES.map((role) => (!readsRows(role) ? '—' : ROW_SCOPES[role] === 'departments' ? 'own departments' : 'hospital')).join(' | ')} |`;
  const cells = `| **small counts (< k patients)** | ${ROLES.map((role) => (SMALL_CELL_ROLES.includes(role) ? 'suppressed' : 'shown')).join(' | ')} |`;
  const legend = `✔ clear · — not readable (null and a \`FORBIDDEN\` error) · roles: ${ROLES.map((role) => `\`${role}\` ${ROLE_TITLES[role]}`).join('; ')}`;
  return [TABLE_BEGIN, '', header, divider, ...rows, scope, cells, '', legend, '', TABLE_END].join('\n');
}

/** README text with its permission table replaced by the rendered one */
export function withPermissionTable(readme: string): string {
  const start = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('the README has no permission table markers');
  return readme.slice(0, start) + renderPermissionTable() + readme.slice(end + TABLE_END.length);
}
