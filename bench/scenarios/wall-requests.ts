import { SMALL_QUERIES } from '../peers/postgraphile';
import type { WallRequest } from './dashboard-wall';

/** A patient and an encounter of the cardiology department, found once through the gateway. */
export interface WallKeys {
  patientId: string;
  encounterId: string;
}

/**
 * The small requests of scenario (d), each with the peer's equivalent (bench/peers/postgraphile.ts
 * says what each side does): the department list an operations assistant's screen shows, one
 * patient's identity and one encounter's lab results as a cardiology clinician opens them.
 */
export function wallRequests(keys: WallKeys, withPeer: boolean): WallRequest[] {
  const request = (name: keyof typeof SMALL_QUERIES, roles: string[], departments: string[], key?: string): WallRequest => {
    const small = SMALL_QUERIES[name];
    const variables = small.variables(key);
    return {
      name: `${name}: ${small.description}`,
      gateway: { query: small.gateway, variables: variables.gateway, roles, departments },
      ...(withPeer ? { peer: { query: small.postgraphile, variables: variables.postgraphile } } : {}),
      unsecured: true,
    };
  };
  return [
    {
      name: "scorecard tile: a department director's scorecard for last month, as every screen of the wall asks for it (no peer: indicators are the gateway's own; sums, reference data and the measures folded from them reused for operations.cacheSeconds)",
      gateway: { query: SCORECARD_TILE, variables: { department: 'CARD', month: '2026-09' }, roles: ['dept_director'], departments: ['CARD'] },
    },
    request('departments', ['ops_assistant'], []),
    request('patient', ['clinician'], ['CARD'], keys.patientId),
    request('encounterLabs', ['clinician'], ['CARD'], keys.encounterId),
  ];
}

const SCORECARD_TILE = `query Tile($department: ID, $month: String) { scorecard(department: $department, period: { month: $month }) { dimensions { dimension onTarget watch offTarget indicators { code value status } } } }`;

/** cardiology encounters with their lab orders' results, for wallKeys to choose from */
export const FIND_KEYS = `{ encounters(first: 100, filter: { departments: ["CARD"] }) { edges { node { id patient { id } labOrders { id results { analyteCode } } } } } }`;

interface FoundEncounters {
  encounters: { edges: { node: { id: string; patient: { id: string } | null; labOrders: { results: unknown[] }[] } }[] };
}

/**
 * The first of those encounters whose lab orders have results, and its patient: "one encounter's
 * lab results" then reads rows on every side (an encounter without orders would measure two
 * lookups that find nothing).
 */
export function wallKeys(found: FoundEncounters): WallKeys {
  const encounter = found.encounters.edges.map((edge) => edge.node).find((node) => node.patient && node.labOrders.some((order) => order.results.length > 0));
  if (!encounter) throw new Error('none of the first 100 cardiology encounters has lab results: the demo data is not what scenario (d) expects');
  return { patientId: encounter.patient!.id, encounterId: encounter.id };
}
