'use strict';
module.exports = require('./scratch').teardown;
