// Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules); see README "Tests".
const base = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

/** Whole servers and browsers: on a loaded two-core machine one test's requests can take many seconds. */
const whole = { setupFilesAfterEnv: ['<rootDir>/test/support/whole-app-timeout.ts'] };

export default {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.test.ts'] },
    { ...base, ...whole, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...base, ...whole, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
    // Long: the burst and crash tests (`npm run test:stress`, also run by .ci/run), not part of `npm test`.
    { ...base, ...whole, displayName: 'stress', testMatch: ['<rootDir>/test/stress/**/*.test.ts'] },
    // Two instances on one PostgreSQL under the deadline rush (`npm run test:scale`, .ci/run's PostgreSQL lane).
    { ...base, ...whole, displayName: 'scale', testMatch: ['<rootDir>/test/scale/**/*.test.ts'] },
  ],
};
