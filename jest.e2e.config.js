/** End-to-end: workflows in test/e2e/workflows run by a real n8n (see test/e2e/n8n.js). */
module.exports = require('./test/support/jest-suite')('e2e', '**/*.e2e.ts', 300_000);
