'use strict';

module.exports = require('./invoices');
