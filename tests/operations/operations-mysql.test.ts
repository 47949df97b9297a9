import { describeWithEngine } from '../support/test-env';
import { defineOperationsScenarios } from './operations-scenarios';

describeWithEngine('mysql', 'operations analytics on MariaDB/MySQL', () => {
  defineOperationsScenarios('mysql');
});
