/**
 * The four suites as jest projects; each npm script selects one (`jest --selectProjects unit`):
 *
 * - unit: real HTTP against the emulator in test/emulator, n8n's engine in-process (npm run test:unit)
 * - e2e: workflows in test/e2e/workflows run by a real n8n (test/e2e/n8n.js; npm run test:e2e)
 * - browser: the editor in headless Chromium (test/browser; npm run test:browser)
 * - queue: n8n in queue mode, Redis, a main instance and two workers (test/queue; npm run test:queue)
 *
 * The three that drive a real n8n run one file at a time (`--runInBand` in their scripts): each
 * starts n8n processes of its own on fixed ports, and a 2-core machine has no room for two.
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
};
