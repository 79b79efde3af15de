/** solution.xml: the solution manifest (identity, version, managed flag, publisher, root components). */
import { CONFIG_PAGE, CONTROL, ComponentType, ENVIRONMENT_VARIABLES, PUBLISHER, WEB_RESOURCES } from './components';
import { XML_DECLARATION, element, indent } from './xml';

export interface SolutionXmlInput {
  uniqueName: string;
  friendlyName: string;
  description: string;
  version: string;
  managed: boolean;
}

const LANGUAGE = '1033';

function localized(container: string, item: string, text: string): string[] {
  return [`<${container}>`, `  ${element(item, { description: text, languagecode: LANGUAGE })}`, `</${container}>`];
}

export function rootComponents(): { type: number; schemaName: string }[] {
  return [
    ...WEB_RESOURCES.map((resource) => ({ type: ComponentType.WebResource, schemaName: resource.name })),
    { type: ComponentType.CustomControl, schemaName: CONTROL.name },
    ...ENVIRONMENT_VARIABLES.map((variable) => ({ type: ComponentType.EnvironmentVariableDefinition, schemaName: variable.schemaName })),
  ];
}

export function solutionXml(input: SolutionXmlInput): string {
  const publisher = [
    '<Publisher>',
    ...indent(
      [
        element('UniqueName', {}, PUBLISHER.uniqueName),
        ...localized('LocalizedNames', 'LocalizedName', PUBLISHER.friendlyName),
        ...localized('Descriptions', 'Description', PUBLISHER.description),
        '<EMailAddress xsi:nil="true"></EMailAddress>',
        '<SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>',
        element('CustomizationPrefix', {}, PUBLISHER.customizationPrefix),
        element('CustomizationOptionValuePrefix', {}, String(PUBLISHER.optionValuePrefix)),
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
    ...indent(
      rootComponents().map((root) => element('RootComponent', { type: String(root.type), schemaName: root.schemaName, behavior: '0' })),
      1,
    ),
    '</RootComponents>',
  ];
  const manifest = [
    element('UniqueName', {}, input.uniqueName),
    ...localized('LocalizedNames', 'LocalizedName', input.friendlyName),
    ...localized('Descriptions', 'Description', input.description),
    element('Version', {}, input.version),
    element('Managed', {}, input.managed ? '1' : '0'),
    ...publisher,
    // The solution's configuration page (solution.configurationpageid), named by its web resource.
    element('ConfigurationPageWebResourceName', {}, CONFIG_PAGE),
    ...roots,
    '<MissingDependencies />',
  ];
  return [
    XML_DECLARATION,
    '<ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" ' +
      'OrganizationSchemaType="Standard" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <SolutionManifest>',
    ...indent(manifest, 2),
    '  </SolutionManifest>',
    '</ImportExportXml>',
    '',
  ].join('\r\n');
}
