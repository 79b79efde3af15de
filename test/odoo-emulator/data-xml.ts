/**
 * Reads a module's data XML as odoo/tools/convert.py `convert_xml_import` does (16.0–18.0): the file must be
 * well-formed (lxml), its root `<odoo>` or `<openerp>` (odoo/import_xml.rng), its content `<data>` blocks (with
 * `noupdate`) holding `<record>`, `<menuitem>`, `<template>`, `<function>` and `<delete>`. The emulator applies
 * records and menu items; `<template>`, `<function>` and `<delete>` exist in Odoo but are not emulated and are refused
 * as such (O5). Anything else fails validation as the RNG schema makes it fail (ParseError).
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { OdooError } from './versions';

export interface XmlField {
  name: string;
  text?: string;
  ref?: string;
  eval?: string;
}

export type XmlOp =
  | { kind: 'record'; id?: string; model: string; fields: XmlField[]; noupdate: boolean; line: number }
  | { kind: 'menuitem'; id: string; name?: string; parent?: string; action?: string; sequence?: number; groups?: string; webIcon?: string; active?: boolean; noupdate: boolean; line: number };

const parseError = (file: string, message: string) => new OdooError('odoo.tools.convert.ParseError', `while parsing ${file}: ${message}`);
const notEmulated = (message: string) => new OdooError('emulator.NotEmulated', message);

const lineOf = (el: XmlElement): number => (el as unknown as { lineNumber?: number }).lineNumber ?? 0;

function children(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) out.push(n as unknown as XmlElement);
    else if (n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '') throw new Error(`text content "${(n.nodeValue ?? '').trim().slice(0, 30)}" is not allowed here`);
  }
  return out;
}

function textOf(el: XmlElement): string {
  let s = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || n.nodeType === 4) s += n.nodeValue ?? '';
    else if (n.nodeType === 1) s += String(n);
  }
  return s;
}

export function parseDataXml(file: string, source: string): XmlOp[] {
  const errors: string[] = [];
  let root: XmlElement | null = null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(source, 'text/xml');
    root = doc.documentElement as unknown as XmlElement | null;
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (errors.length > 0 || !root) throw parseError(file, `XMLSyntaxError: ${errors[0] ?? 'Document is empty'}`);
  if (root.nodeName !== 'odoo' && root.nodeName !== 'openerp') {
    throw parseError(file, `Invalid XML (import_xml.rng): the root element must be <odoo> or <openerp>, not <${root.nodeName}>`);
  }
  const ops: XmlOp[] = [];
  const walk = (parent: XmlElement, noupdate: boolean) => {
    let kids: XmlElement[];
    try {
      kids = children(parent);
    } catch (error) {
      throw parseError(file, `Invalid XML (import_xml.rng): ${(error as Error).message} (line ${lineOf(parent)})`);
    }
    for (const el of kids) {
      const line = lineOf(el);
      switch (el.nodeName) {
        case 'data':
          if (parent !== root) throw parseError(file, `Invalid XML (import_xml.rng): <data> inside <${parent.nodeName}> (line ${line})`);
          walk(el, el.getAttribute('noupdate') ? ['1', 'true', 'True'].includes(el.getAttribute('noupdate') as string) : noupdate);
          break;
        case 'record': {
          const model = el.getAttribute('model');
          if (!model) throw parseError(file, `Invalid XML (import_xml.rng): <record> needs a model attribute (line ${line})`);
          const fields: XmlField[] = [];
          for (const f of children(el)) {
            if (f.nodeName !== 'field' || !f.getAttribute('name')) throw parseError(file, `Invalid XML (import_xml.rng): <record> holds only <field name="..."> elements (line ${lineOf(f)})`);
            fields.push({ name: f.getAttribute('name') as string, ref: f.getAttribute('ref') ?? undefined, eval: f.getAttribute('eval') ?? undefined, text: f.getAttribute('ref') || f.getAttribute('eval') ? undefined : textOf(f) });
          }
          ops.push({ kind: 'record', id: el.getAttribute('id') ?? undefined, model, fields, noupdate: el.getAttribute('forcecreate') === null && noupdate, line });
          break;
        }
        case 'menuitem': {
          const id = el.getAttribute('id');
          if (!id) throw parseError(file, `Invalid XML (import_xml.rng): <menuitem> needs an id (line ${line})`);
          const sequence = el.getAttribute('sequence');
          ops.push({
            kind: 'menuitem',
            id,
            name: el.getAttribute('name') ?? undefined,
            parent: el.getAttribute('parent') ?? undefined,
            action: el.getAttribute('action') ?? undefined,
            sequence: sequence !== null ? Number(sequence) : undefined,
            groups: el.getAttribute('groups') ?? undefined,
            webIcon: el.getAttribute('web_icon') ?? undefined,
            active: el.getAttribute('active') !== null ? !['0', 'False', 'false'].includes(el.getAttribute('active') as string) : undefined,
            noupdate,
            line,
          });
          if (children(el).length > 0) throw notEmulated(`${file}: nested <menuitem> elements are not emulated (line ${line})`);
          break;
        }
        case 'template':
        case 'function':
        case 'delete':
          throw notEmulated(`${file}: <${el.nodeName}> is valid Odoo data but the emulator does not apply it (line ${line})`);
        default:
          throw parseError(file, `Invalid XML (import_xml.rng): element <${el.nodeName}> is not allowed here (line ${line})`);
      }
    }
  };
  walk(root, false);
  return ops;
}
