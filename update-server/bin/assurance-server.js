#!/usr/bin/env node
require('./compiled').run('assurance-server');
