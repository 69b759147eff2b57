/**
 * The four suites as jest projects; each npm script selects one (`jest --selectProjects unit`):
 *
 * - unit: real HTTP against the emulator in test/emulator, n8n's engine in-process (npm run test:unit)
 * - e2e: workflows in test/e2e/workflows run by a real n8n (test/e2e/n8n.js; npm run test:e2e)
 * - browser: the editor in headless Chromium (test/browser; npm run test:browser)
 * - queue: n8n in queue mode, Redis, a main instance and two workers (test/queue; npm run test:queue)
 *
 * The e2e files run two at a time (their n8n processes mostly wait on one core each, starting up;
 * each file has its own ports, and test/e2e/n8n.js builds and packs the package once for all). The
 * browser and queue suites run one file at a time (`--runInBand` in their scripts): a queue-mode
 * n8n is three processes, and the browser a fourth.
 */
const suite = require('./test/support/jest-suite');

module.exports = {
	projects: [
		suite('unit', '', '**/*.test.ts', 60_000),
		suite('e2e', 'e2e', '**/*.e2e.ts', 300_000),
		suite('browser', 'browser', '**/*.browser.ts', 180_000),
		suite('queue', 'queue', '**/*.queue.ts', 300_000),
	],
	maxWorkers: 2,
	globalSetup: './test/support/scratch.js',
	globalTeardown: './test/support/scratch-teardown.js',
};
