/**
 * The web client shell the emulator serves at `/web` (and 18.0's `/odoo`, `/odoo/action-<id|xmlid|tag>`): owl from
 * node_modules/@odoo/owl as `/web/static/lib/owl/owl.js`, and the `web.assets_backend` files of the installed
 * modules as ES modules, resolved through an import map that provides only `@odoo/owl` and `@web/core/registry`
 * (addons/web/static/src/core/registry.js: `registry.category(name).add/get/contains/getAll/remove`) — a file that
 * imports anything else fails as Odoo's module loader fails ("The following modules are needed by other modules but
 * have not been defined"). Files are checked as odoo/tools/js_transpiler.py decides what is an Odoo module (O7).
 */
import type { OdooDatabase } from './database';
import type { VersionRules } from './versions';

/** The ES modules Odoo's bundle would provide to an imported module (the rest of Odoo is not emulated). */
export const PROVIDED_MODULES = ['@odoo/owl', '@web/core/registry'];

export const OWL_MODULE_SHIM =
  'const owl = window.owl;\n' +
  'export const { App, Component, EventBus, OwlError, markup, mount, onError, onMounted, onPatched, onRendered, onWillDestroy, onWillPatch, onWillRender, onWillStart, onWillUnmount, onWillUpdateProps, reactive, status, toRaw, useChildSubEnv, useComponent, useEffect, useEnv, useExternalListener, useRef, useState, useSubEnv, validate, whenReady, xml, markRaw, loadFile, batched } = owl;\n';

/** addons/web/static/src/core/registry.js semantics: DuplicatedKeyError on add without force, KeyNotFoundError on get. */
export const REGISTRY_MODULE_SHIM = `
class Registry {
  constructor(name) { this.name = name || "registry"; this.content = {}; this.subRegistries = {}; }
  add(key, value, { force, sequence } = {}) {
    if (!force && key in this.content) { throw new Error('Cannot add key "' + key + '" in the "' + this.name + '" registry: it already exists'); }
    this.content[key] = [sequence === undefined ? 50 : sequence, value];
    return this;
  }
  get(key, defaultValue) {
    if (arguments.length < 2 && !(key in this.content)) { throw new Error('Cannot find key "' + key + '" in the "' + this.name + '" registry'); }
    const info = this.content[key];
    return info ? info[1] : defaultValue;
  }
  contains(key) { return key in this.content; }
  getAll() { return Object.values(this.content).sort((a, b) => a[0] - b[0]).map((e) => e[1]); }
  getEntries() { return Object.entries(this.content).sort((a, b) => a[1][0] - b[1][0]).map(([k, e]) => [k, e[1]]); }
  remove(key) { delete this.content[key]; }
  category(subcategory) {
    if (!(subcategory in this.subRegistries)) { this.subRegistries[subcategory] = new Registry(subcategory); }
    return this.subRegistries[subcategory];
  }
}
export const registry = new Registry();
`;

const IMPORT_RE = /(?:^|[;\n])\s*(?:import\s+(?:[\w*{}\s,$]+\s+from\s+)?|export\s+(?:\*|\{[^}]*\})\s+from\s+)["']([^"']+)["']/g;
const MODULE_SYNTAX_RE = /(?:^|[;\n])\s*(?:import\s|import\{|export\s)/;

/** js_transpiler.py `url_to_module_path`: /<module>/static/src/<path>.js → @<module>/<path>. */
export function moduleNameOf(url: string): string {
  const m = /^\/([^/]+)\/static\/src\/(.+?)(?:\.js)?$/.exec(url);
  return m ? `@${m[1]}/${m[2]}` : url;
}

/**
 * js_transpiler.py `is_odoo_module`: up to 17.0 a file is an Odoo module when it starts with an `@odoo-module`
 * comment; 18.0 also treats every file under static/src as one unless it says `@odoo-module ignore`.
 */
function isOdooModule(rules: VersionRules, url: string, source: string): boolean {
  const tag = /^\s*(?:\/\*\*?\s*@odoo-module(?!\s+ignore)|\/\/\s*@odoo-module(?!\s+ignore))/.test(source);
  if (rules.odooModuleTagRequired) return tag;
  return tag || (/\/static\/(src|tests)\//.test(url) && !/@odoo-module\s+ignore/.test(source));
}

export interface ShellBundle {
  scripts: string[];
  styles: string[];
  importMap: Record<string, string>;
  errors: string[];
}

/** The backend bundle of the database: what loads, and why it would not (the errors Odoo's loader would show). */
export function backendBundle(db: OdooDatabase, rules: VersionRules): ShellBundle {
  const files = db.bundleFiles('web.assets_backend');
  const bundle: ShellBundle = { scripts: [], styles: [], importMap: {}, errors: [] };
  const jsFiles = new Set(files.filter((f) => f.endsWith('.js')));
  const names = new Map([...jsFiles].map((f) => [moduleNameOf(f), f]));
  const missing = new Set<string>();
  for (const path of files) {
    const file = db.attachment(path);
    if (!file) {
      // odoo/addons/base/models/assetsbundle.py: the bundle cannot read a file it lists.
      bundle.errors.push(`Could not get content for ${path}.`);
      continue;
    }
    if (path.endsWith('.css')) bundle.styles.push(path);
    else if (path.endsWith('.js')) {
      const source = file.data.toString('utf8');
      if (!isOdooModule(rules, path, source)) {
        if (MODULE_SYNTAX_RE.test(source)) bundle.errors.push(`${path}: SyntaxError: Cannot use import statement outside a module (the file is not an @odoo-module, so Odoo ${rules.serverVersion} serves it as a classic script).`);
        else bundle.errors.push(`${path}: the emulator serves Odoo modules only (classic scripts are not emulated).`);
        continue;
      }
      for (const m of source.matchAll(IMPORT_RE)) {
        const spec = m[1];
        if (PROVIDED_MODULES.includes(spec) || names.has(spec)) continue;
        if (spec.startsWith('.')) {
          const resolved = new URL(spec.endsWith('.js') ? spec : `${spec}.js`, `http://x${path}`).pathname;
          if (jsFiles.has(resolved)) continue;
          missing.add(moduleNameOf(resolved));
        } else missing.add(spec);
      }
      bundle.scripts.push(path);
      bundle.importMap[moduleNameOf(path)] = path;
    } else bundle.errors.push(`${path}: only .js and .css assets are emulated.`);
  }
  if (missing.size > 0) {
    bundle.errors.push(`The following modules are needed by other modules but have not been defined, they may not be present in the correct asset bundle: ${JSON.stringify([...missing])}`);
  }
  return bundle;
}

export interface ShellAction {
  id: number;
  xml_id: string | false;
  name: string;
  type: 'ir.actions.client';
  tag: string;
  target: string;
  context: Record<string, unknown>;
  params: Record<string, unknown>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function shellHtml(bundle: ShellBundle, sessionInfo: Record<string, unknown>, actions: ShellAction[], rules: VersionRules): string {
  const importMap = { imports: { '@odoo/owl': '/web/static/lib/owl/owl-module.js', '@web/core/registry': '/web/static/src/core/registry.js', ...bundle.importMap } };
  const boot = `
import { registry } from "@web/core/registry";
import { mount } from "@odoo/owl";
const root = document.querySelector(".o_action_manager");
const fail = (message) => {
  const div = document.createElement("div");
  div.className = "o_error_dialog";
  div.textContent = message;
  document.body.appendChild(div);
  window.__odooEmulator = { ready: true, error: message };
};
const errors = ${scriptJson(bundle.errors)};
const actions = ${scriptJson(actions)};
(async () => {
  if (errors.length) return fail(errors.join("\\n"));
  for (const url of ${scriptJson(bundle.scripts)}) {
    try { await import(url); } catch (e) { return fail(url + ": " + e); }
  }
  const token = location.pathname.startsWith("/odoo/action-")
    ? decodeURIComponent(location.pathname.slice("/odoo/action-".length))
    : new URLSearchParams(location.hash.slice(1)).get("action");
  if (!token) { window.__odooEmulator = { ready: true, error: null, home: true }; return; }
  let action = actions.find((a) => String(a.id) === token || a.xml_id === token);
  if (!action && registry.category("actions").contains(token)) {
    action = { type: "ir.actions.client", tag: token, params: {}, context: {}, target: "current", name: token, id: false, xml_id: false };
  }
  if (!action) return fail("No action found for " + token);
  let Component;
  try { Component = registry.category("actions").get(action.tag); } catch (e) { return fail(String(e.message || e)); }
  try {
    await mount(Component, root, { props: { action }, env: {} });
  } catch (e) { return fail("mounting " + action.tag + ": " + (e && e.message || e)); }
  window.__odooEmulator = { ready: true, error: null, tag: action.tag };
})();
`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Odoo</title>
<meta name="odoo-emulator-version" content="${escapeHtml(rules.serverVersion)}">
${bundle.styles.map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">`).join('\n')}
<script type="importmap">${scriptJson(importMap)}</script>
<script src="/web/static/lib/owl/owl.js"></script>
<script>window.odoo = { __session_info__: ${scriptJson(sessionInfo)}, debug: "" };</script>
</head><body class="o_web_client"><header class="o_main_navbar">${escapeHtml(String(sessionInfo.name ?? ''))}</header>
<div class="o_action_manager"></div>
<script type="module">${boot}</script>
</body></html>`;
}

export function loginHtml(options: { databases: string[]; db?: string; redirect: string; csrf: string; error?: string; login?: string }): string {
  const dbField =
    options.db || options.databases.length === 1
      ? `<input type="hidden" name="db" value="${escapeHtml(options.db ?? options.databases[0])}">`
      : `<label>Database <select name="db">${options.databases.map((d) => `<option>${escapeHtml(d)}</option>`).join('')}</select></label>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Login | Odoo</title></head><body>
<form class="oe_login_form" method="post" action="/web/login">
<input type="hidden" name="csrf_token" value="${escapeHtml(options.csrf)}">
<input type="hidden" name="redirect" value="${escapeHtml(options.redirect)}">
${dbField}
<label for="login">Email</label><input type="text" id="login" name="login" value="${escapeHtml(options.login ?? '')}" required autofocus>
<label for="password">Password</label><input type="password" id="password" name="password" required>
${options.error ? `<p class="alert alert-danger" role="alert">${escapeHtml(options.error)}</p>` : ''}
<button type="submit" class="btn btn-primary">Log in</button>
</form></body></html>`;
}
