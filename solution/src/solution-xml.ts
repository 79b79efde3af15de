/**
 * solution.xml: the solution manifest, in the element order of real exports (UniqueName, LocalizedNames,
 * Descriptions, Version, Managed, ConfigurationPage, Publisher, RootComponents, MissingDependencies) and stamped with
 * the line it is built for (ImportExportXml@SolutionPackageVersion: an org refuses a package from a newer version).
 */
import { ComponentType } from './components';
import type { ComponentNames, Publisher } from './names';
import { LINES, type Line } from './platform-lines';
import { XML_DECLARATION, element, indent } from './xml';

export interface SolutionXmlInput {
  uniqueName: string;
  friendlyName: string;
  description: string;
  version: string;
  managed: boolean;
  line: Line;
  publisher: Publisher;
  names: ComponentNames;
}

const LANGUAGE = '1033';

function localized(container: string, item: string, text: string): string[] {
  return [`<${container}>`, `  ${element(item, { description: text, languagecode: LANGUAGE })}`, `</${container}>`];
}

export function rootComponents(line: Line, names: ComponentNames): { type: number; schemaName: string }[] {
  return [
    { type: ComponentType.Entity, schemaName: names.stateTable.logicalName },
    ...[names.configPage, names.configScript, names.vendorJson].map((name) => ({ type: ComponentType.WebResource, schemaName: name })),
    ...(LINES[line].pcf ? [{ type: ComponentType.CustomControl, schemaName: names.control }] : []),
  ];
}

export function solutionXml(input: SolutionXmlInput): string {
  const { publisher } = input;
  const publisherXml = [
    '<Publisher>',
    ...indent(
      [
        element('UniqueName', {}, publisher.uniqueName),
        ...localized('LocalizedNames', 'LocalizedName', publisher.friendlyName),
        ...localized('Descriptions', 'Description', publisher.description ?? publisher.friendlyName),
        '<EMailAddress xsi:nil="true"></EMailAddress>',
        '<SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>',
        element('CustomizationPrefix', {}, publisher.prefix),
        element('CustomizationOptionValuePrefix', {}, String(publisher.optionValuePrefix)),
        '<Addresses>',
        '  <Address>',
        '    <AddressNumber>1</AddressNumber>',
        '    <AddressTypeCode>1</AddressTypeCode>',
        '    <ShippingMethodCode>1</ShippingMethodCode>',
        '  </Address>',
        '</Addresses>',
      ],
      1,
    ),
    '</Publisher>',
  ];
  const roots = [
    '<RootComponents>',
    ...indent(rootComponents(input.line, input.names).map((root) => element('RootComponent', { type: String(root.type), schemaName: root.schemaName, behavior: '0' })), 1),
    '</RootComponents>',
  ];
  const manifest = [
    element('UniqueName', {}, input.uniqueName),
    ...localized('LocalizedNames', 'LocalizedName', input.friendlyName),
    ...localized('Descriptions', 'Description', input.description),
    element('Version', {}, input.version),
    element('Managed', {}, input.managed ? '1' : '0'),
    // The solution's configuration page (solution.configurationpageid), named by its web resource.
    element('ConfigurationPage', {}, input.names.configPage),
    ...publisherXml,
    ...roots,
    '<MissingDependencies />',
  ];
  return [
    XML_DECLARATION,
    `<ImportExportXml version="${input.line}.0.0" SolutionPackageVersion="${input.line}" languagecode="1033" generatedBy="CrmLive" ` +
      'OrganizationSchemaType="Standard" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <SolutionManifest>',
    ...indent(manifest, 2),
    '  </SolutionManifest>',
    '</ImportExportXml>',
    '',
  ].join('\r\n');
}
