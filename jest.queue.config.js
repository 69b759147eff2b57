/** n8n in queue mode: Redis, a main instance and two workers (see test/queue). */
module.exports = require('./test/support/jest-suite')('queue', '**/*.queue.ts', 300_000);
