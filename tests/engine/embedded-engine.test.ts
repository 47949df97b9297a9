import { defineEngineScenarios } from './engine-scenarios';

// The embedded engine (PGlite) needs no server: this suite always runs.
describe('embedded engine (PGlite)', () => {
  defineEngineScenarios('embedded');
});
