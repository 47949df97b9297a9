/** The roles of the contract (../shared/CONTRACT.md), in the order the README tables list them. */
export const ROLES = ['clinician', 'dept_director', 'ops_assistant', 'finance', 'analyst', 'auditor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  clinician: '临床医生 clinician',
  dept_director: '科室主任 department director',
  ops_assistant: '运营助理 operations assistant',
  finance: '财务/医保办 finance and insurance office',
  analyst: '数据分析 analyst',
  auditor: '审计 auditor',
  admin: '信息科 IT administrator',
};

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
