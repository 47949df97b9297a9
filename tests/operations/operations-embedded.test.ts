import { defineOperationsScenarios } from './operations-scenarios';

// The embedded engine (PGlite) needs no server: this suite always runs.
describe('operations analytics on the embedded engine (PGlite)', () => {
  defineOperationsScenarios('embedded');
});
