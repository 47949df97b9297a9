import { describeWithEngine } from '../support/test-env';
import { defineOperationsScenarios } from './operations-scenarios';

describeWithEngine('postgres', 'operations analytics on PostgreSQL', () => {
  defineOperationsScenarios('postgres');
});
