/**
 * Builds the Odoo configuration page into one Odoo JS module, `static/src/js/config_action.js` (decision O18):
 *
 *   /** @odoo-module **\/
 *   import { Component, ... } from "@odoo/owl";
 *   import { registry } from "@web/core/registry";
 *   const __crmaOwl = { Component, ... };
 *   var CrmAssuranceConfig = (() => { ...the page, the update client, license-core, node-forge, axios... })();
 *   const ConfigAction = CrmAssuranceConfig.configAction("<module>");
 *   registry.category("actions").add("<module>.config", ConfigAction);
 *
 * The two import lines are the only ones, written out in the form Odoo's js_transpiler (odoo/tools/js_transpiler.py)
 * rewrites into `require` calls: its regular expressions read `import {...} from "..."` at the start of a line, so
 * the bundle itself is an IIFE that imports nothing, and OWL reaches it through `__crmaOwl`. No line of the bundle
 * starts with `import` or `export` (the transpiler would rewrite it); the build checks that.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { browserOnly } from '../../page/browser-only';

/** What the page takes from @odoo/owl; a name missing here fails the build ("No matching export"). */
export const OWL_IMPORTS = ['Component', 'onMounted', 'onWillUnmount', 'useState', 'xml'] as const;
const OWL_GLOBAL = '__crmaOwl';

/** `@odoo/owl` inside the bundle is the object the module's header builds from Odoo's own OWL. */
const odooOwl: Plugin = {
  name: 'odoo-owl',
  setup(b) {
    b.onResolve({ filter: /^@odoo\/owl$/ }, () => ({ path: '@odoo/owl', namespace: 'odoo-owl' }));
    b.onLoad({ filter: /.*/, namespace: 'odoo-owl' }, () => ({
      contents: OWL_IMPORTS.map((name) => `export const ${name} = ${OWL_GLOBAL}.${name};`).join('\n'),
      loader: 'js',
    }));
  },
};

/** An Odoo technical name, as the module build validated it (it is written into JS strings). */
const MODULE_NAME = /^[a-z][a-z0-9_]*$/;

export async function buildOdooConfigAction(moduleName: string): Promise<string> {
  if (!MODULE_NAME.test(moduleName)) throw new Error(`module name must be an Odoo technical name (got ${JSON.stringify(moduleName)})`);
  const result = await build({
    entryPoints: [path.join(__dirname, 'config-action.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'CrmAssuranceConfig',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
    plugins: [odooOwl, browserOnly],
    mainFields: ['browser', 'module', 'main'],
    conditions: ['browser'],
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0].text.trim().replace(/^"use strict";/, "");
  const offending = bundle.split('\n').find((line) => /^\s*(import|export)\b/.test(line));
  if (offending !== undefined) throw new Error(`the bundle has a line Odoo's js_transpiler would rewrite: ${offending.slice(0, 80)}`);
  const tag = `${moduleName}.config`;
  return [
    '/** @odoo-module **/',
    `import { ${OWL_IMPORTS.join(', ')} } from "@odoo/owl";`,
    'import { registry } from "@web/core/registry";',
    '',
    `const ${OWL_GLOBAL} = { ${OWL_IMPORTS.join(', ')} };`,
    bundle,
    `const ConfigAction = CrmAssuranceConfig.configAction(${JSON.stringify(moduleName)});`,
    `registry.category("actions").add(${JSON.stringify(tag)}, ConfigAction);`,
    '',
  ].join('\n');
}
