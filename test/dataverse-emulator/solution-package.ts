/**
 * Reads a Dataverse solution zip as the import does, and refuses what the import refuses before anything changes:
 * - the three parts at the root (solution.xml, customizations.xml, [Content_Types].xml): "Solution file
 *   structure" in https://learn.microsoft.com/power-platform/alm/solution-concepts-alm and the SolutionPackager
 *   layout, https://learn.microsoft.com/power-platform/alm/solution-packager-tool;
 * - schema validation of solution.xml and customizations.xml (import error 0x8004801a, "Edit the customizations file
 *   with schema validation", https://learn.microsoft.com/power-apps/developer/model-driven-apps/edit-customizations-xml-file-schema-validation,
 *   schema: CustomizationsSolution.xsd, "Customization solutions file schema"). The emulator checks the element
 *   names and their order; an element the schema does not know is refused (stricter than a partial check);
 * - a package built for a newer version than the org (solution.xml `SolutionPackageVersion`);
 * - component types the org's line does not have (PCF controls, environment variables; see platform.ts);
 * - root components that the package does not contain (missing dependency);
 * - column lengths above the platform maximum.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { CAPABILITIES, compareLines, ErrorCode, MAX_MEMO_LENGTH, MAX_STRING_LENGTH, type Line } from './platform';

export interface ColumnDefinition {
  logicalName: string;
  type: 'primarykey' | 'nvarchar' | 'ntext' | 'other';
  maxLength?: number;
  primaryName: boolean;
}

export interface EntityDefinition {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute?: string;
  columns: Map<string, ColumnDefinition>;
}

export interface WebResourceComponent {
  id: string;
  name: string;
  type: number;
  content: Buffer;
}

export interface SolutionPackage {
  uniqueName: string;
  friendlyName: string;
  version: string;
  managed: boolean;
  /** ImportExportXml@SolutionPackageVersion: the line the package was built for. */
  packageLine: string;
  /** SolutionManifest/ConfigurationPage: the web resource that is the solution's configuration page. */
  configurationPage?: string;
  publisher: { uniqueName: string; prefix: string };
  webResources: Map<string, WebResourceComponent>;
  customControls: Set<string>;
  entities: Map<string, EntityDefinition>;
  environmentVariables: Array<{ schemaName: string; defaultValue?: string }>;
}

/** An import refusal: the error code Dataverse answers with, and its message. */
export class PackageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

const schemaError = (message: string) => new PackageError(ErrorCode.ImportSchemaInvalid, `The import file is invalid. XSD validation failed with the following error: ${message}`);

/**
 * SolutionManifest's children in the order of the schema (solution.xml of real exports, e.g. Microsoft's
 * PowerApps-Samples solutions and current exports: ConfigurationPage directly after Managed).
 */
const SOLUTION_MANIFEST_ORDER = ['UniqueName', 'LocalizedNames', 'Descriptions', 'Version', 'Managed', 'ConfigurationPage', 'Publisher', 'RootComponents', 'MissingDependencies'];
const SOLUTION_MANIFEST_REQUIRED = ['UniqueName', 'LocalizedNames', 'Version', 'Managed', 'Publisher', 'RootComponents'];

/**
 * The top-level elements of customizations.xml, in the order of the schema's sequence (CustomizationsSolution.xsd;
 * real exports: ... optionsets, WebResources, CustomControls, ... EntityDataProviders, connectionreferences, Languages).
 * An element not in this list is refused.
 */
const CUSTOMIZATIONS_ORDER = [
  'Entities', 'Roles', 'Workflows', 'FieldSecurityProfiles', 'Templates', 'EntityMaps', 'EntityRelationships', 'OrganizationSettings',
  'optionsets', 'Dashboards', 'WebResources', 'CustomControls', 'SolutionPluginAssemblies', 'SdkMessageProcessingSteps', 'ServiceEndpoints',
  'Reports', 'EntityDataProviders', 'connectionreferences', 'Languages',
];

/** Solution component types of RootComponent@type (solutioncomponent.componenttype choice). */
const COMPONENT_TYPE = { Entity: 1, WebResource: 61, CustomControl: 66, EnvironmentVariableDefinition: 380 } as const;

function children(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as unknown as XmlElement);
  return out;
}
const child = (el: XmlElement, name: string) => children(el).find((c) => c.nodeName === name);
const text = (el: XmlElement | undefined) => (el?.textContent ?? '').trim();

function parseXml(source: string, part: string): XmlElement {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } }).parseFromString(source, 'text/xml');
  const root = doc.documentElement as unknown as XmlElement | null;
  if (errors.length > 0 || !root) throw schemaError(`${part} is not well-formed XML (${errors[0] ?? 'no root element'})`);
  if (root.nodeName !== 'ImportExportXml') throw schemaError(`${part}: the root element must be ImportExportXml, not ${root.nodeName}`);
  return root;
}

function checkOrder(parent: XmlElement, order: readonly string[], part: string): void {
  let last = -1;
  for (const el of children(parent)) {
    const at = order.indexOf(el.nodeName);
    if (at < 0) throw schemaError(`${part}: The element '${parent.nodeName}' has invalid child element '${el.nodeName}'.`);
    if (at <= last) throw schemaError(`${part}: The element '${parent.nodeName}' has invalid child element '${el.nodeName}' (out of order or repeated; expected order ${order.join(', ')}).`);
    last = at;
  }
}

function localizedName(el: XmlElement | undefined): string | undefined {
  const first = el ? children(el)[0] : undefined;
  return first?.getAttribute('description') ?? undefined;
}

function readEntity(entity: XmlElement): EntityDefinition {
  const nameEl = child(entity, 'Name');
  const info = child(entity, 'EntityInfo');
  const def = info ? child(info, 'entity') : undefined;
  const schemaName = text(nameEl);
  if (!schemaName || !def) throw schemaError('customizations.xml: an Entity needs Name and EntityInfo/entity.');
  const logicalName = schemaName.toLowerCase();
  const columns = new Map<string, ColumnDefinition>();
  const attributes = child(def, 'attributes');
  for (const attribute of attributes ? children(attributes) : []) {
    if (attribute.nodeName !== 'attribute') continue;
    const type = text(child(attribute, 'Type'));
    const columnName = (text(child(attribute, 'LogicalName')) || text(child(attribute, 'Name'))).toLowerCase();
    if (!columnName || !type) throw schemaError(`customizations.xml: an attribute of ${schemaName} needs Type and LogicalName.`);
    const max = child(attribute, 'MaxLength') ? Number(text(child(attribute, 'MaxLength'))) : undefined;
    const kind: ColumnDefinition['type'] = type === 'primarykey' || type === 'nvarchar' || type === 'ntext' ? type : 'other';
    if (kind === 'nvarchar' && (max === undefined || !Number.isInteger(max) || max < 1 || max > MAX_STRING_LENGTH)) {
      throw new PackageError(ErrorCode.ImportFailed, `The attribute ${columnName} of ${schemaName} has MaxLength ${max}; a single line of text column allows 1 to ${MAX_STRING_LENGTH}.`);
    }
    if (kind === 'ntext' && (max === undefined || !Number.isInteger(max) || max < 1 || max > MAX_MEMO_LENGTH)) {
      throw new PackageError(ErrorCode.ImportFailed, `The attribute ${columnName} of ${schemaName} has MaxLength ${max}; a multiple lines of text column allows 1 to ${MAX_MEMO_LENGTH}.`);
    }
    const displayMask = text(child(attribute, 'DisplayMask'));
    columns.set(columnName, { logicalName: columnName, type: kind, ...(max !== undefined ? { maxLength: max } : {}), primaryName: /PrimaryName/.test(displayMask) });
  }
  const primaryIdAttribute = `${logicalName}id`;
  if (!columns.has(primaryIdAttribute)) columns.set(primaryIdAttribute, { logicalName: primaryIdAttribute, type: 'primarykey', primaryName: false });
  const primaryName = [...columns.values()].find((c) => c.primaryName);
  if (!primaryName) throw new PackageError(ErrorCode.ImportFailed, `The entity ${schemaName} has no primary name attribute (DisplayMask PrimaryName).`);
  const entitySetName = text(child(def, 'EntitySetName')) || `${logicalName}s`;
  return { logicalName, schemaName, entitySetName, primaryIdAttribute, primaryNameAttribute: primaryName.logicalName, columns };
}

export async function readSolutionPackage(bytes: Buffer, orgLine: Line): Promise<SolutionPackage> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new PackageError(ErrorCode.ImportFailed, 'The import file is not a valid solution package (not a zip file).');
  }
  for (const part of ['solution.xml', 'customizations.xml', '[Content_Types].xml']) {
    if (!zip.file(part)) throw new PackageError(ErrorCode.ImportFailed, `The solution file is invalid. The compressed file must contain solution.xml, customizations.xml and [Content_Types].xml at its root; ${part} is missing.`);
  }

  // solution.xml
  const solution = parseXml(await zip.file('solution.xml')!.async('string'), 'solution.xml');
  const packageLine = solution.getAttribute('SolutionPackageVersion') ?? '';
  if (!/^\d+\.\d+$/.test(packageLine)) throw schemaError('solution.xml: ImportExportXml needs a SolutionPackageVersion such as 9.2.');
  if (compareLines(packageLine, orgLine) > 0) {
    throw new PackageError(
      ErrorCode.PackageVersionTooNew,
      `This solution package cannot be imported because it was created for a newer version (${packageLine}) than this organization (${orgLine}).`,
    );
  }
  const manifest = child(solution, 'SolutionManifest');
  if (!manifest) throw schemaError('solution.xml: SolutionManifest is missing.');
  checkOrder(manifest, SOLUTION_MANIFEST_ORDER, 'solution.xml');
  for (const name of SOLUTION_MANIFEST_REQUIRED) if (!child(manifest, name)) throw schemaError(`solution.xml: SolutionManifest lacks ${name}.`);
  const uniqueName = text(child(manifest, 'UniqueName'));
  const version = text(child(manifest, 'Version'));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(uniqueName)) throw schemaError(`solution.xml: UniqueName "${uniqueName}" is not a valid name.`);
  if (!/^\d+(\.\d+){1,3}$/.test(version)) throw schemaError(`solution.xml: Version "${version}" is not a valid version.`);
  const managedText = text(child(manifest, 'Managed'));
  if (managedText !== '0' && managedText !== '1') throw schemaError('solution.xml: Managed must be 0 or 1.');
  const publisherEl = child(manifest, 'Publisher')!;
  const publisher = { uniqueName: text(child(publisherEl, 'UniqueName')), prefix: text(child(publisherEl, 'CustomizationPrefix')) };
  if (!publisher.uniqueName || !/^[a-z][a-z0-9]{1,7}$/.test(publisher.prefix)) throw schemaError('solution.xml: the Publisher needs a UniqueName and a CustomizationPrefix.');
  const configurationPage = text(child(manifest, 'ConfigurationPage')) || undefined;

  // customizations.xml
  const customizations = parseXml(await zip.file('customizations.xml')!.async('string'), 'customizations.xml');
  checkOrder(customizations, CUSTOMIZATIONS_ORDER, 'customizations.xml');

  const entities = new Map<string, EntityDefinition>();
  const entitiesEl = child(customizations, 'Entities');
  for (const entity of entitiesEl ? children(entitiesEl) : []) {
    const def = readEntity(entity);
    entities.set(def.logicalName, def);
  }

  const webResources = new Map<string, WebResourceComponent>();
  const webResourcesEl = child(customizations, 'WebResources');
  for (const resource of webResourcesEl ? children(webResourcesEl) : []) {
    const name = text(child(resource, 'Name'));
    const fileName = text(child(resource, 'FileName'));
    const id = text(child(resource, 'WebResourceId')).replace(/[{}]/g, '').toLowerCase();
    const type = Number(text(child(resource, 'WebResourceType')));
    if (!name || !fileName || !id || !Number.isInteger(type)) throw schemaError('customizations.xml: a WebResource needs WebResourceId, Name, WebResourceType and FileName.');
    const file = zip.file(fileName.replace(/^\//, ''));
    if (!file) throw new PackageError(ErrorCode.ImportFailed, `The web resource ${name} names the file ${fileName}, which the package does not contain.`);
    webResources.set(name, { id, name, type, content: await file.async('nodebuffer') });
  }

  const customControls = new Set<string>();
  const controlsEl = child(customizations, 'CustomControls');
  for (const control of controlsEl ? children(controlsEl) : []) {
    const name = text(child(control, 'Name'));
    const fileName = text(child(control, 'FileName'));
    if (!name || !fileName || !zip.file(fileName.replace(/^\//, ''))) throw new PackageError(ErrorCode.ImportFailed, `The custom control ${name || '?'} names a manifest the package does not contain.`);
    customControls.add(name);
  }
  if (customControls.size > 0 && !CAPABILITIES[orgLine].pcf) {
    throw schemaError(`customizations.xml: The element 'ImportExportXml' has invalid child element 'CustomControls' (Power Apps component framework controls do not exist in version ${orgLine}).`);
  }

  const environmentVariables: SolutionPackage['environmentVariables'] = [];
  const variableFiles = zip.file(/^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/);
  if (variableFiles.length > 0 && !CAPABILITIES[orgLine].environmentVariables) {
    throw new PackageError(ErrorCode.ImportFailed, `The package contains environment variable definitions, which do not exist in version ${orgLine}.`);
  }
  for (const file of variableFiles) {
    const xml = await file.async('string');
    const schemaName = /schemaname="([^"]+)"/.exec(xml)?.[1];
    if (!schemaName) continue;
    const defaultValue = /<defaultvalue>([^<]*)<\/defaultvalue>/.exec(xml)?.[1];
    environmentVariables.push({ schemaName, ...(defaultValue ? { defaultValue } : {}) });
  }

  // Every root component must be in the package (otherwise the import fails with a missing dependency).
  const roots = child(manifest, 'RootComponents')!;
  for (const root of children(roots)) {
    const type = Number(root.getAttribute('type'));
    const name = root.getAttribute('schemaName') ?? '';
    const present =
      (type === COMPONENT_TYPE.Entity && entities.has(name.toLowerCase())) ||
      (type === COMPONENT_TYPE.WebResource && webResources.has(name)) ||
      (type === COMPONENT_TYPE.CustomControl && customControls.has(name)) ||
      (type === COMPONENT_TYPE.EnvironmentVariableDefinition && environmentVariables.some((v) => v.schemaName === name));
    if (!present) throw new PackageError(ErrorCode.ImportFailed, `The root component ${name} (type ${type}) is missing from the package.`);
  }
  if (configurationPage && !webResources.has(configurationPage)) {
    throw new PackageError(ErrorCode.ImportFailed, `The configuration page ${configurationPage} is not a web resource of the package.`);
  }

  return {
    uniqueName,
    friendlyName: localizedName(child(manifest, 'LocalizedNames')) ?? uniqueName,
    version,
    managed: managedText === '1',
    packageLine,
    ...(configurationPage ? { configurationPage } : {}),
    publisher,
    webResources,
    customControls,
    entities,
    environmentVariables,
  };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
