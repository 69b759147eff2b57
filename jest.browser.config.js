/** The editor in headless Chromium (see test/browser). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 180_000,
	maxWorkers: 1,
};
