import { defineKpiCorrectness } from './kpi-correctness';

// The embedded engine (PGlite) needs no server: this suite always runs.
describe('KPI correctness, embedded engine (PGlite)', () => {
  defineKpiCorrectness('embedded');
});
