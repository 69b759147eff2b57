/** End-to-end: workflows in test/e2e/workflows run by a real n8n (see test/e2e/n8n.js). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 300_000,
	maxWorkers: 1,
};
