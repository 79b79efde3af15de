/**
 * Hand-made Odoo data modules for the emulator's tests, in the shape base_import_module takes (one folder per module
 * with `__manifest__.py`, data XML, static files). Independent of the add-on's module builder (addon/src/odoo).
 */
import JSZip from 'jszip';

export interface ModuleSpec {
  name?: string;
  version?: string;
  depends?: string[];
  /** The manifest text, replacing the generated one. */
  manifest?: string;
  /** Data XML, replacing the generated client action + menu. */
  dataXml?: string;
  /** The client action's JS, replacing the generated OWL component. */
  js?: string;
  /** Asset paths of web.assets_backend, replacing the generated one. */
  assets?: string[];
  /** More files, by path inside the module folder. */
  files?: Record<string, string>;
}

export const actionXml = (name: string) => `<?xml version="1.0" encoding="utf-8"?>
<odoo>
  <record id="action_config" model="ir.actions.client">
    <field name="name">${name} configuration</field>
    <field name="tag">${name}.config</field>
  </record>
  <menuitem id="menu_config" name="${name}" parent="base.menu_administration" action="action_config" sequence="90" groups="base.group_system"/>
</odoo>
`;

export const componentJs = (name: string, text = 'Hello from the add-on') => `/** @odoo-module **/
import { Component, xml, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";

class ConfigAction extends Component {
  static template = xml\`<div class="o_test_config"><h1 t-esc="state.text"/><p class="o_tag" t-esc="props.action.tag"/></div>\`;
  setup() { this.state = useState({ text: ${JSON.stringify(text)} }); }
}
registry.category("actions").add("${name}.config", ConfigAction);
`;

export function manifestOf(spec: ModuleSpec): string {
  const name = spec.name ?? 'tst_module';
  const assets = spec.assets ?? [`${name}/static/src/js/config_action.js`];
  return `# -*- coding: utf-8 -*-
{
    'name': 'Test module',
    'version': '${spec.version ?? '17.0.1.0.0'}',
    'category': 'Hidden',
    'summary': "A hand-made data module",
    'author': 'Tests',
    'license': 'OPL-1',
    'depends': ${JSON.stringify(spec.depends ?? ['base', 'web']).replace(/"/g, "'")},
    'data': ['data/config_action.xml'],
    'assets': {
        'web.assets_backend': [
${assets.map((a) => `            '${a}',`).join('\n')}
        ],
    },
    'installable': True,
    'application': False,
}
`;
}

export async function moduleZip(spec: ModuleSpec = {}): Promise<Buffer> {
  const name = spec.name ?? 'tst_module';
  const zip = new JSZip();
  zip.file(`${name}/__manifest__.py`, spec.manifest ?? manifestOf(spec));
  zip.file(`${name}/data/config_action.xml`, spec.dataXml ?? actionXml(name));
  zip.file(`${name}/static/src/js/config_action.js`, spec.js ?? componentJs(name));
  zip.file(`${name}/static/src/vendor.json`, JSON.stringify({ vendor: 'Test vendor' }));
  for (const [path, content] of Object.entries(spec.files ?? {})) zip.file(`${name}/${path}`, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
