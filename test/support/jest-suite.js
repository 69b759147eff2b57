'use strict';
/** Jest settings shared by the suites that drive a real n8n: one folder, one file pattern, serial. */
module.exports = (folder, pattern, testTimeout) => ({
	testEnvironment: 'node',
	roots: [`<rootDir>/test/${folder}`],
	testMatch: [pattern],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout,
	maxWorkers: 1,
});
