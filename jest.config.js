/** Unit and workflow tests: real HTTP against the emulator in test/emulator, n8n-core in-process. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFiles: ['<rootDir>/test/support/env.js'],
	testTimeout: 60_000,
	maxWorkers: 2,
};
