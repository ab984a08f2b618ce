/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Lighthouse runs alone, through `npm run test:lighthouse` (see test/lighthouse/).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/lighthouse/'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // middy 6 and jose ship ESM only; swc turns them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  moduleNameMapper: {
    '^#shared/(.*)$': '<rootDir>/shared/$1',
    '^#functions/(.*)$': '<rootDir>/functions/$1',
    '^#infra/(.*)$': '<rootDir>/infra/$1',
    '^#test/(.*)$': '<rootDir>/test/$1',
    '^#bench/(.*)$': '<rootDir>/bench/$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/quiet-env.ts'],
  testTimeout: 60000,
};
