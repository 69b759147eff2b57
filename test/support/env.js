'use strict';
// n8n-core keeps its instance settings (an encryption key) in N8N_USER_FOLDER; give each test
// process a throw-away folder instead of the user's ~/.n8n.
const fs = require('node:fs');
const path = require('node:path');
const { scratch } = require('./scratch');

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(scratch(), 'blueshift-n8n-'));
process.env.N8N_ENCRYPTION_KEY = 'test-encryption-key';

// the per-test timeout of this file's jest project (see test/support/jest-suite.js)
if (typeof suiteTimeout === 'number') jest.setTimeout(suiteTimeout);
