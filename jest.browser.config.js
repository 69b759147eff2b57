/** The editor in headless Chromium (see test/browser). */
module.exports = require('./test/support/jest-suite')('browser', '**/*.browser.ts', 180_000);
