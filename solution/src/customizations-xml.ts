/**
 * customizations.xml: the components, in the element order of CustomizationsSolution.xsd as real exports write it
 * (Entities, Roles, Workflows, FieldSecurityProfiles, Templates, EntityMaps, EntityRelationships,
 * OrganizationSettings, optionsets, WebResources, CustomControls, EntityDataProviders, Languages): the add-on's state
 * table, its web resources, and the PCF control on lines that have PCF.
 */
import { WEB_RESOURCES, stableGuid } from './components';
import type { ComponentNames } from './names';
import { LINES, type Line } from './platform-lines';
import { XML_DECLARATION, element, indent } from './xml';

/** Where a web resource's content lives inside the zip (SolutionPackager keeps the web resource's path). */
export function webResourceZipPath(name: string): string {
  return `WebResources/${name}`;
}

export function controlZipDir(names: ComponentNames): string {
  return `Controls/${names.control}`;
}

const label = (container: string, item: string, text: string) => [`<${container}>`, `  ${element(item, { description: text, languagecode: '1033' })}`, `</${container}>`];

/**
 * The state table (decision D38) as an exported entity: organisation-owned, a primary name column of 100 characters
 * and a multiple-lines-of-text value column of 1,048,576 (the platform maximum), so signed documents of any size fit.
 */
export function stateTableXml(names: ComponentNames): string[] {
  const t = names.stateTable;
  const attribute = (physical: string, type: string, displayName: string, rest: string[]) => [
    `<attribute PhysicalName="${physical}">`,
    ...indent(
      [
        element('Type', {}, type),
        element('Name', {}, physical.toLowerCase()),
        element('LogicalName', {}, physical.toLowerCase()),
        element('RequiredLevel', {}, type === 'primarykey' ? 'systemrequired' : 'none'),
        ...rest,
        element('ValidForUpdateApi', {}, '1'),
        element('ValidForReadApi', {}, '1'),
        element('ValidForCreateApi', {}, '1'),
        element('IsCustomField', {}, type === 'primarykey' ? '0' : '1'),
        element('IsAuditEnabled', {}, '0'),
        element('IsSecured', {}, '0'),
        element('IntroducedVersion', {}, '1.0.0.0'),
        element('IsCustomizable', {}, '1'),
        element('IsRenameable', {}, '1'),
        element('SourceType', {}, '0'),
        ...label('displaynames', 'displayname', displayName),
      ],
      1,
    ),
    '</attribute>',
  ];
  const nameSchema = t.nameColumn.replace(/_(.)/, (_m, c: string) => `_${c.toUpperCase()}`);
  const valueSchema = t.valueColumn.replace(/_(.)/, (_m, c: string) => `_${c.toUpperCase()}`);
  return [
    '<Entity>',
    `  <Name LocalizedName="Add-on state" OriginalName="Add-on state">${t.schemaName}</Name>`,
    '  <EntityInfo>',
    `    <entity Name="${t.schemaName}">`,
    ...indent(
      [
        ...label('LocalizedNames', 'LocalizedName', 'Add-on state'),
        ...label('LocalizedCollectionNames', 'LocalizedCollectionName', 'Add-on state'),
        ...label('Descriptions', 'Description', 'Licence, assurance and update state of the add-on in this organisation (written by its configuration page).'),
        '<attributes>',
        ...indent(
          [
            ...attribute(`${t.schemaName}Id`, 'primarykey', 'Add-on state', ['<DisplayMask>ValidForAdvancedFind|RequiredForGrid</DisplayMask>']),
            ...attribute(nameSchema, 'nvarchar', 'Name', ['<DisplayMask>PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm</DisplayMask>', element('Format', {}, 'text'), element('MaxLength', {}, '100')]),
            ...attribute(valueSchema, 'ntext', 'Value', ['<DisplayMask>ValidForAdvancedFind|ValidForForm|ValidForGrid</DisplayMask>', element('Format', {}, 'text'), element('MaxLength', {}, '1048576')]),
          ],
          1,
        ),
        '</attributes>',
        element('EntitySetName', {}, t.entitySetName),
        element('IsDuplicateCheckSupported', {}, '0'),
        element('IsBusinessProcessEnabled', {}, '0'),
        element('IsRequiredOffline', {}, '0'),
        element('IsCustomizable', {}, '1'),
        element('IsRenameable', {}, '1'),
        element('IsMappable', {}, '0'),
        element('IsAuditEnabled', {}, '0'),
        element('IsActivity', {}, '0'),
        element('OwnershipTypeMask', {}, 'OrgOwned'),
        element('IntroducedVersion', {}, '1.0.0.0'),
        element('IsVisibleInMobile', {}, '0'),
        element('IsAvailableOffline', {}, '0'),
      ],
      3,
    ),
    '    </entity>',
    '  </EntityInfo>',
    '</Entity>',
  ];
}

export function customizationsXml(line: Line, names: ComponentNames): string {
  const byFile: Record<string, string> = { 'config.html': names.configPage, 'config.js': names.configScript, 'vendor.json': names.vendorJson };
  const webResources = [
    '<WebResources>',
    ...WEB_RESOURCES.flatMap((resource) => {
      const name = byFile[resource.sourceFile];
      return [
        '  <WebResource>',
        ...indent(
          [
            element('WebResourceId', {}, `{${stableGuid(name)}}`),
            element('Name', {}, name),
            element('DisplayName', {}, resource.displayName),
            element('Description', {}, resource.description),
            element('WebResourceType', {}, String(resource.type)),
            element('IntroducedVersion', {}, '1.0.0.0'),
            element('IsEnabledForMobileClient', {}, '0'),
            element('IsAvailableForMobileOffline', {}, '0'),
            element('IsCustomizable', {}, '1'),
            element('CanBeDeleted', {}, '1'),
            element('IsHidden', {}, '0'),
            element('FileName', {}, `/${webResourceZipPath(name)}`),
          ],
          2,
        ),
        '  </WebResource>',
      ];
    }),
    '</WebResources>',
  ];
  const controls = LINES[line].pcf
    ? ['<CustomControls>', '  <CustomControl>', `    ${element('Name', {}, names.control)}`, `    ${element('FileName', {}, `/${controlZipDir(names)}/ControlManifest.xml`)}`, '  </CustomControl>', '</CustomControls>']
    : ['<CustomControls />'];
  const body = [
    '<Entities>',
    ...indent(stateTableXml(names), 1),
    '</Entities>',
    '<Roles />',
    '<Workflows />',
    '<FieldSecurityProfiles />',
    '<Templates />',
    '<EntityMaps />',
    '<EntityRelationships />',
    '<OrganizationSettings />',
    '<optionsets />',
    ...webResources,
    ...controls,
    '<EntityDataProviders />',
    '<Languages>',
    '  <Language>1033</Language>',
    '</Languages>',
  ];
  return [
    XML_DECLARATION,
    `<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="${line}.0.0" OrganizationSchemaType="Standard">`,
    ...indent(body, 1),
    '</ImportExportXml>',
    '',
  ].join('\r\n');
}
