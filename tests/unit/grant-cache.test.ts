import type { AccessRequestRecord } from '../../src/access/access-request-store';
import { GrantCache } from '../../src/access/grant-cache';

/**
 * A viewer's grants in force are read once per grantCacheSeconds, shared by concurrent requests,
 * dropped at once when this process adds a grant, and never served past a grant's expiry.
 */
const grant = (patientId: string, expiresInMs: number): AccessRequestRecord =>
  ({ id: `g-${patientId}`, kind: 'BREAK_GLASS', patientId, requesterId: 'doc', status: 'APPROVED', expiresAt: new Date(Date.now() + expiresInMs).toISOString() }) as AccessRequestRecord;

function countingStore(grants: () => AccessRequestRecord[]) {
  const store = { reads: 0, load: async () => (store.reads++, grants()) };
  return store;
}

describe('grant cache', () => {
  it('reads the store once for concurrent and repeated lookups within its time', async () => {
    const cache = new GrantCache(60_000);
    const store = countingStore(() => [grant('P1', 60_000)]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.active('doc', store.load)));
    await cache.active('doc', store.load);
    expect(store.reads).toBe(1);
    expect(answers.every((a) => a.length === 1 && a[0]!.patientId === 'P1')).toBe(true);
    await cache.active('other', store.load);
    expect(store.reads).toBe(2);
  });

  it('sees a grant added elsewhere once its time is up, and at once after forget', async () => {
    const inStore: AccessRequestRecord[] = [];
    const store = countingStore(() => [...inStore]);
    const cache = new GrantCache(300);
    expect(await cache.active('doc', store.load)).toEqual([]);
    inStore.push(grant('P2', 60_000));
    expect(await cache.active('doc', store.load)).toEqual([]); // another replica's grant: not yet
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await cache.active('doc', store.load)).map((g) => g.patientId)).toEqual(['P2']);
    inStore.push(grant('P3', 60_000));
    cache.forget('doc'); // this process added the grant
    expect((await cache.active('doc', store.load)).map((g) => g.patientId)).toEqual(['P2', 'P3']);
  });

  it('stops serving a cached grant at its expiry', async () => {
    const cache = new GrantCache(60_000);
    const store = countingStore(() => [grant('P4', 200), grant('P5', 60_000)]);
    expect((await cache.active('doc', store.load)).map((g) => g.patientId)).toEqual(['P4', 'P5']);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await cache.active('doc', store.load)).map((g) => g.patientId)).toEqual(['P5']);
    expect(store.reads).toBe(1);
  });

  it('keeps no failed lookup, and with 0 seconds reads every time', async () => {
    const cache = new GrantCache(60_000);
    let fail = true;
    const load = async () => {
      if (fail) throw new Error('audit store down');
      return [grant('P6', 60_000)];
    };
    await expect(cache.active('doc', load)).rejects.toThrow('audit store down');
    fail = false;
    expect(await cache.active('doc', load)).toHaveLength(1);
    const uncached = new GrantCache(0);
    const store = countingStore(() => []);
    await uncached.active('doc', store.load);
    await uncached.active('doc', store.load);
    expect(store.reads).toBe(2);
  });
});
