import { describeWithEngine } from '../support/test-env';
import { defineEngineScenarios } from './engine-scenarios';

describeWithEngine('postgres', 'PostgreSQL engine (pg)', () => {
  defineEngineScenarios('postgres');
});
