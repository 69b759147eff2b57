'use strict';
/**
 * One scratch folder per jest run: every n8n user folder a test makes (test/support/env.js,
 * test/e2e/n8n.js) goes under it, and the run removes it at the end, passed or failed. Jest starts
 * its workers after globalSetup, so they inherit the variable.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const VARIABLE = 'BLUESHIFT_TEST_SCRATCH';

async function setup() {
	process.env[VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), 'blueshift-test-'));
}

async function teardown() {
	const folder = process.env[VARIABLE];
	if (!folder) return;
	try {
		fs.rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
	} catch (error) {
		// an n8n still shutting down may write into it: leave it rather than fail a run that passed
		console.warn(`Could not remove ${folder}: ${error.message}`);
	}
}

/** Where a test's throw-away folder goes: the run's scratch folder, or the system's outside jest. */
const scratch = () => process.env[VARIABLE] ?? os.tmpdir();

module.exports = setup;
module.exports.teardown = teardown;
module.exports.scratch = scratch;
