/** n8n in queue mode: Redis, a main instance and two workers (see test/queue). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 300_000,
	maxWorkers: 1,
};
