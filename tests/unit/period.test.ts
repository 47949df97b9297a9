import { GraphQLError } from 'graphql';
import { resolvePeriod } from '../../src/period';

describe('periods', () => {
  it.each([
    [{ month: '2026-03' }, { from: '2026-03-01', until: '2026-04-01', label: '2026-03' }],
    [{ month: '2026-12' }, { from: '2026-12-01', until: '2027-01-01', label: '2026-12' }],
    [{ quarter: '2026-Q4' }, { from: '2026-10-01', until: '2027-01-01', label: '2026-Q4' }],
    [{ year: 2025 }, { from: '2025-01-01', until: '2026-01-01', label: '2025' }],
    [{ from: '2026-02-27', to: '2026-03-01' }, { from: '2026-02-27', until: '2026-03-02', label: '2026-02-27..2026-03-01' }],
  ])('%j covers whole days, the last one included', (input, expected) => {
    expect(resolvePeriod(input)).toEqual(expected);
  });

  it.each([
    [{}, /give either from and to, or exactly one of month/],
    [{ month: '2026-03', year: 2026 }, /exactly one of/],
    [{ month: '2026-13' }, /'2026-13' is not a month; write YYYY-MM/],
    [{ quarter: '2026Q1' }, /is not a quarter; write YYYY-Qn/],
    [{ from: '2026-03-10' }, /needs both from and to/],
    [{ from: '2026-03-10', to: '2026-03-01' }, /from \(2026-03-10\) is after to \(2026-03-01\)/],
    [{ from: '2000-01-01', to: '2026-01-01' }, /at most ten years/],
  ])('%j is refused as BAD_USER_INPUT saying what to send', (input, message) => {
    let error: unknown;
    try {
      resolvePeriod(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    expect((error as GraphQLError).message).toMatch(message);
  });
});
