/**
 * Jest runs the TypeScript tests through ts-jest in transpile-only mode (fast; `npm test` type-checks the whole tree
 * with tsc first). ts-jest is pure JavaScript, so a clean `npm ci` needs no platform-specific binaries.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};
