import { createSiteTime } from '../../adapters/mapping/site-time';
import { decodeCursor, encodeCursor } from '../../src/loaders/cursor';
import { lengthOfStay } from '../../resolvers/encounter';

describe('cursors', () => {
  it('round-trip the sort values of their own list', () => {
    const cursor = encodeCursor('encounters', ['2026-03-01T08:00:00+08:00', 'ZY0001']);
    expect(decodeCursor('encounters', cursor, 2)).toEqual(['2026-03-01T08:00:00+08:00', 'ZY0001']);
  });

  it.each([
    ['a cursor of another list', encodeCursor('patients', ['P1'])],
    ['a cursor of another order', encodeCursor('encounters', ['ZY0001'])],
    ['garbage', 'not-a-cursor!!'],
    ['JSON that is not a list', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuse %s with BAD_USER_INPUT', (_, cursor) => {
    expect(() => decodeCursor('encounters', cursor, 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'after' }) }));
  });
});

describe('site time', () => {
  it('presents local wall-clock values with the site offset and converts offsets back', () => {
    const shanghai = createSiteTime('Asia/Shanghai');
    expect(shanghai.toApi('2026-03-01 08:30:00')).toBe('2026-03-01T08:30:00+08:00');
    expect(shanghai.toLocal('2026-03-01T00:30:00Z')).toBe('2026-03-01 08:30:00');
    expect(shanghai.toLocal('2026-03-01T08:30:00+08:00')).toBe('2026-03-01 08:30:00');
  });

  it('follows daylight saving time where the site has it', () => {
    const berlin = createSiteTime('Europe/Berlin');
    expect(berlin.toApi('2026-01-15 12:00:00')).toBe('2026-01-15T12:00:00+01:00');
    expect(berlin.toApi('2026-07-15 12:00:00')).toBe('2026-07-15T12:00:00+02:00');
  });
});

describe('length of stay', () => {
  const stay = (admittedAt: string, dischargedAt: string | null) => lengthOfStay({ kind: 'INPATIENT', admittedAt, dischargedAt });
  it('counts calendar days between admission and discharge, a same-day stay as one', () => {
    expect(stay('2026-03-01T23:50:00+08:00', '2026-03-08T09:00:00+08:00')).toBe(7);
    expect(stay('2026-03-01T08:00:00+08:00', '2026-03-01T17:00:00+08:00')).toBe(1);
    expect(stay('2026-02-27T08:00:00+08:00', '2026-03-02T10:00:00+08:00')).toBe(3);
  });
  it('is null for stays not yet discharged and for visits', () => {
    expect(stay('2026-03-01T08:00:00+08:00', null)).toBeNull();
    expect(lengthOfStay({ kind: 'OUTPATIENT', admittedAt: '2026-03-01T08:00:00+08:00', dischargedAt: '2026-03-01T08:20:00+08:00' })).toBeNull();
  });
});
