/** The Odoo adapter's pure parts (issue #10): Odoo's JSON-RPC errors as AddonErrors, module versions, parameter keys. */
import { odooRpcError } from '../src/odoo/json-rpc';
import { settingKey, valueTag } from '../src/odoo/config-parameters';
import { importMessageFailure, odooDateTime } from '../src/odoo/odoo-host';
import { moduleVersionPart, parseOdooModuleVersion, seriesProblem } from '../src/odoo/versions';

const odooError = (name: string, message: string, code = 200) => ({ code, message: 'Odoo Server Error', data: { name, message, debug: 'Traceback …', arguments: [message], context: {} } });

describe('Odoo JSON-RPC errors', () => {
  it('an expired session asks to sign in again (code 100, SessionExpiredException)', () => {
    const e = odooRpcError(odooError('odoo.http.SessionExpiredException', 'Session expired', 100), 'ir.module.module.search_read');
    expect(e.code).toBe('session_expired');
    expect(e.message).toMatch(/Sign in to Odoo again/);
    expect(odooRpcError({ code: 100, message: 'Odoo Session Expired' }, 'x').code).toBe('session_expired');
  });
  it('AccessError and AccessDenied are access_denied, with Odoo’s own words', () => {
    const e = odooRpcError(odooError('odoo.exceptions.AccessError', 'You are not allowed to access System Parameters (ir.config_parameter) records.'), 'ir.config_parameter.search_read');
    expect(e.code).toBe('access_denied');
    expect(e.message).toContain('You are not allowed to access System Parameters');
    expect(e.exceptionName).toBe('odoo.exceptions.AccessError');
    expect(odooRpcError(odooError('odoo.exceptions.AccessDenied', 'Access Denied'), 'x').code).toBe('access_denied');
  });
  it('any other refusal is odoo_error, keeping the message and the exception’s short name', () => {
    const e = odooRpcError(odooError('odoo.exceptions.UserError', "Error while importing module 'northwind_docgen'."), 'base.import.module.import_module');
    expect(e.code).toBe('odoo_error');
    expect(e.message).toBe("Odoo refused base.import.module.import_module: Error while importing module 'northwind_docgen'. (UserError)");
    expect(odooRpcError(undefined, 'x').code).toBe('odoo_error');
  });
});

describe('Odoo module versions', () => {
  it('reads series and module part, majors and Odoo Online lines', () => {
    expect(parseOdooModuleVersion('17.0.1.4.0')).toEqual({ series: '17.0', module: '1.4.0', full: '17.0.1.4.0' });
    expect(parseOdooModuleVersion('saas~17.2.1.4.0')).toEqual({ series: 'saas~17.2', module: '1.4.0', full: 'saas~17.2.1.4.0' });
    for (const bad of ['1.4.0', '17.0.1.4', '17.0.1.4.0.1', '17.0.01.4.0', 'v17.0.1.4.0', '17.0.1.4.0+e']) expect(parseOdooModuleVersion(bad)).toBeUndefined();
  });
  it('knows the lines the add-on is built for', () => {
    for (const ok of ['16.0', '17.0', '18.0', 'saas~17.2', 'saas~16.4']) expect(seriesProblem(ok)).toBeUndefined();
    for (const bad of ['15.0', '19.0', '17.1', 'saas~17.0', 'saas~15.2', '17']) expect(seriesProblem(bad)).toBeDefined();
  });
  it('the add-on version is the module part of what ir.module.module reports', () => {
    expect(moduleVersionPart('17.0.1.4.0')).toBe('1.4.0');
    expect(moduleVersionPart('saas~17.2.1.10.3')).toBe('1.10.3');
    expect(moduleVersionPart('16.0.2.0')).toBe('2.0');
    expect(moduleVersionPart('1.4.0')).toBe('1.4.0');
    expect(moduleVersionPart('garbage')).toBeUndefined();
  });
});

describe('Odoo system parameters and imports', () => {
  it('settings are <module>.<snake_case> keys', () => {
    expect(settingKey('northwind_docgen', 'licenceKey')).toBe('northwind_docgen.licence_key');
    expect(settingKey('northwind_docgen', 'licence')).toBe('northwind_docgen.licence');
    expect(settingKey('northwind_docgen', 'manifestSerial')).toBe('northwind_docgen.manifest_serial');
  });
  it('the version tag follows the value', async () => {
    expect(await valueTag('a')).toBe(await valueTag('a'));
    expect(await valueTag('a')).not.toBe(await valueTag('b'));
  });
  it('16.0’s wizard message carries an import’s failure', () => {
    expect(importMessageFailure("Successfully imported module 'x'")).toBeUndefined();
    expect(importMessageFailure(false)).toBeUndefined();
    expect(importMessageFailure("Error while importing module 'x'.\n\n Unmet module dependencies")).toMatch(/^Error while importing module 'x'/);
  });
  it('Odoo datetimes are UTC', () => {
    expect(odooDateTime('2026-11-29 01:02:03')).toBe(Date.UTC(2026, 10, 29, 1, 2, 3));
    expect(odooDateTime(false)).toBeNaN();
  });
});
