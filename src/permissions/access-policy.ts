import type { Viewer } from '../auth/viewer';
import { BoundedMemo } from '../../adapters/bounded-memo';
import { DATA_CLASSES, MASKS, ROLE_ACCESS, ROW_SCOPES, SMALL_CELL_ROLES, type Access, type DataClass, type MaskKind, type RowScope } from './permission-model';
import { isRole, ROLES, type Role } from './roles';

/**
 * One request's effective permissions, derived from the viewer's roles and the permission
 * model: the access to each data class, the row scope, the masks and small-cell suppression.
 *
 * Several roles combine by taking the most permissive access per class — but only when they
 * share a row scope: a token holding `analyst` (hospital-wide, de-identified) and `clinician`
 * (own departments, identified) must not add up to identified data hospital-wide. Such a
 * viewer names the role to act in with the `X-Gateway-Role` header.
 */
export interface AccessPolicy {
  readonly roles: readonly Role[];
  readonly scope: RowScope;
  /** canonical department codes that bound a 'departments' scope */
  readonly departments: readonly string[];
  access(dataClass: DataClass): Access;
  maskKind(dataClass: DataClass): MaskKind;
  /** k of small-cell suppression, or null when the viewer sees small counts */
  readonly smallCellK: number | null;
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export interface PolicyOptions {
  smallCellK: number;
  /** the role named in the X-Gateway-Role header, if any */
  requestedRole?: string;
}

const RANK: Record<Access, number> = { none: 0, masked: 1, clear: 2 };

/** roles that read rows at all: their scopes must agree */
function readsRows(role: Role): boolean {
  return DATA_CLASSES.some((dataClass) => !['SELF', 'STRUCTURE', 'REFERENCE'].includes(dataClass) && ROLE_ACCESS[role][dataClass] !== 'none');
}

/** what a policy takes from its roles alone, worked out once per combination of roles */
type RolePolicy = Omit<AccessPolicy, 'departments' | 'smallCellK'> & { suppressSmallCells: boolean };

// every request resolves one: the part that depends on the roles only is remembered (tokens
// carry few combinations of roles; at most 4,096 are kept)
const byRoles = new BoundedMemo<string, RolePolicy | PolicyError>(4_096);

export function resolvePolicy(viewer: Viewer, options: PolicyOptions): AccessPolicy {
  const derived = byRoles.get(`${viewer.roles.join(',')}|${options.requestedRole ?? ''}`, () => {
    try {
      return policyOfRoles(viewer.roles, options.requestedRole);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      return error;
    }
  });
  if (derived instanceof PolicyError) throw new PolicyError(derived.message);
  // written out rather than spread: this runs for every request
  return { roles: derived.roles, scope: derived.scope, access: derived.access, maskKind: derived.maskKind, departments: viewer.departments, smallCellK: derived.suppressSmallCells ? options.smallCellK : null };
}

function policyOfRoles(viewerRoles: readonly string[], requestedRole: string | undefined): RolePolicy {
  // Roles the gateway does not know grant nothing (they were mapped by the token verifier).
  let roles = viewerRoles.filter(isRole);
  if (requestedRole !== undefined) {
    if (!roles.includes(requestedRole as Role)) {
      throw new PolicyError(`the X-Gateway-Role header names '${requestedRole}', which is not one of this token's roles (${roles.join(', ') || 'none'})`);
    }
    roles = [requestedRole as Role];
  }
  const rowRoles = roles.filter(readsRows);
  const scopes = new Set(rowRoles.map((role) => ROW_SCOPES[role]));
  if (scopes.size > 1) {
    throw new PolicyError(
      `this token's roles (${rowRoles.join(', ')}) read rows with different scopes; choose the role to act in with the X-Gateway-Role header`,
    );
  }
  const scope: RowScope = scopes.values().next().value ?? 'hospital';
  const access = new Map<DataClass, Access>();
  const masks = new Map<DataClass, MaskKind>();
  for (const dataClass of DATA_CLASSES) {
    let best: Access = 'none';
    let bestRole: Role | undefined;
    for (const role of roles) {
      const granted = ROLE_ACCESS[role][dataClass];
      if (RANK[granted] > RANK[best]) {
        best = granted;
        bestRole = role;
      }
    }
    access.set(dataClass, best);
    const mask = MASKS[dataClass];
    if (best === 'masked' && mask) masks.set(dataClass, (bestRole && mask[bestRole]) ?? mask.default);
  }
  const suppress = rowRoles.length > 0 && rowRoles.every((role) => SMALL_CELL_ROLES.includes(role));
  return {
    // shared by every request of these roles: nobody may change it
    roles: Object.freeze(ROLES.filter((role) => roles.includes(role))),
    scope,
    access: (dataClass) => access.get(dataClass) ?? 'none',
    maskKind: (dataClass) => {
      const kind = masks.get(dataClass);
      if (!kind) throw new Error(`no mask is defined for ${dataClass}`);
      return kind;
    },
    suppressSmallCells: suppress,
  };
}
