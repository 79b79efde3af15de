// Preloaded into pcf-start (node --require): pcf-start starts browser-sync with its default `open: "local"` and
// offers no flag to turn that off, so browser-sync would launch a desktop browser through the `opn` package.
// This replaces `opn` with a no-op for that one process; everything else in pcf-start runs unchanged.
'use strict';
const Module = require('module');
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'opn' || request === 'open') return () => Promise.resolve({ unref() {} });
  return originalLoad.call(this, request, parent, isMain);
};
