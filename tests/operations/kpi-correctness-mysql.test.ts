import { describeWithEngine } from '../support/test-env';
import { defineKpiCorrectness } from './kpi-correctness';

describeWithEngine('mysql', 'KPI correctness, MariaDB/MySQL engine (mysql2)', () => {
  defineKpiCorrectness('mysql');
});
