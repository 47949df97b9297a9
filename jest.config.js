/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck` (part of `npm test`); jest only transpiles.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  // jose is published as ES modules only; jest's CommonJS runtime needs it transpiled.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/tests/global-setup.ts',
  maxWorkers: 2,
};
