import { describeWithEngine } from '../support/test-env';
import { defineKpiCorrectness } from './kpi-correctness';

describeWithEngine('postgres', 'KPI correctness, PostgreSQL engine (pg)', () => {
  defineKpiCorrectness('postgres');
});
