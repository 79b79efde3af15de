/** customizations.xml: the component payload index (custom control, web resources); no entities. */
import { CONTROL, WEB_RESOURCES, stableGuid } from './components';
import { XML_DECLARATION, element, indent } from './xml';

/** Where a web resource's content lives inside the zip (SolutionPackager keeps the web resource's path). */
export function webResourceZipPath(name: string): string {
  return `WebResources/${name}`;
}

export function controlZipDir(): string {
  return `Controls/${CONTROL.name}`;
}

export function customizationsXml(): string {
  const controls = [
    '<CustomControls>',
    '  <CustomControl>',
    `    ${element('Name', {}, CONTROL.name)}`,
    `    ${element('FileName', {}, `/${controlZipDir()}/ControlManifest.xml`)}`,
    '  </CustomControl>',
    '</CustomControls>',
  ];
  const webResources = [
    '<WebResources>',
    ...WEB_RESOURCES.flatMap((resource) => [
      '  <WebResource>',
      ...indent(
        [
          element('WebResourceId', {}, `{${stableGuid(resource.name)}}`),
          element('Name', {}, resource.name),
          element('DisplayName', {}, resource.displayName),
          element('Description', {}, resource.description),
          element('WebResourceType', {}, String(resource.type)),
          element('IntroducedVersion', {}, '1.0.0.0'),
          element('IsEnabledForMobileClient', {}, '0'),
          element('IsAvailableForMobileOffline', {}, '0'),
          element('IsCustomizable', {}, '1'),
          element('CanBeDeleted', {}, '1'),
          element('IsHidden', {}, '0'),
          element('FileName', {}, `/${webResourceZipPath(resource.name)}`),
        ],
        2,
      ),
      '  </WebResource>',
    ]),
    '</WebResources>',
  ];
  const body = [
    '<Entities />',
    '<Roles />',
    '<Workflows />',
    '<FieldSecurityProfiles />',
    '<Templates />',
    '<EntityMaps />',
    '<EntityRelationships />',
    '<OrganizationSettings />',
    '<optionsets />',
    ...controls,
    ...webResources,
    '<EntityDataProviders />',
    '<Languages>',
    '  <Language>1033</Language>',
    '</Languages>',
  ];
  return [
    XML_DECLARATION,
    '<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.2.0.0" OrganizationSchemaType="Standard">',
    ...indent(body, 1),
    '</ImportExportXml>',
    '',
  ].join('\r\n');
}
