'use strict';
/**
 * One jest project of jest.config.js: the suite's folder under test/, its file pattern and its
 * per-test timeout. Jest 29 reads `testTimeout` from the top-level configuration only, so each
 * project hands its own to test/support/env.js through `globals`.
 */
module.exports = (displayName, folder, pattern, testTimeout) => ({
	displayName,
	testEnvironment: 'node',
	roots: [`<rootDir>/test${folder ? `/${folder}` : ''}`],
	testMatch: [pattern],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/support/env.js'],
	globals: { suiteTimeout: testTimeout },
});
