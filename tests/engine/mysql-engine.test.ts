import { describeWithEngine } from '../support/test-env';
import { defineEngineScenarios } from './engine-scenarios';

describeWithEngine('mysql', 'MariaDB/MySQL engine (mysql2)', () => {
  defineEngineScenarios('mysql');
});
