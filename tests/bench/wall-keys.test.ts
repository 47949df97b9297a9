import { wallKeys } from '../../bench/scenarios/wall-requests';

const encounter = (id: string, results: number[]) => ({ id, patient: { id: `P-${id}` }, labOrders: results.map((count) => ({ results: Array.from({ length: count }, () => ({})) })) });

describe('scenario (d) keys (bench, issue 8)', () => {
  it('takes the first encounter whose lab orders have results, with its own patient', () => {
    const found = { encounters: { edges: [encounter('E1', []), encounter('E2', [0, 0]), encounter('E3', [0, 2]), encounter('E4', [5])].map((node) => ({ node })) } };
    expect(wallKeys(found)).toEqual({ encounterId: 'E3', patientId: 'P-E3' });
  });

  it('refuses data where no encounter has lab results, rather than measuring empty lookups', () => {
    const found = { encounters: { edges: [encounter('E1', []), encounter('E2', [0])].map((node) => ({ node })) } };
    expect(() => wallKeys(found)).toThrow(/none of the first 100 cardiology encounters has lab results/);
  });
});
