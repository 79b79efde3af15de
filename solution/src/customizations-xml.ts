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

interface ColumnSpec {
  schemaName: string;
  type: 'primarykey' | 'nvarchar' | 'ntext';
  displayName: string;
  displayMask: string;
  /** Characters (nvarchar, ntext); exports also give Length, the bytes in storage (2 per character). */
  maxLength?: number;
}

/** One `<attribute>` as exports write it (the children form an xs:all in CustomizationsSolution.xsd; this is the export order). */
function attributeXml(column: ColumnSpec): string[] {
  const key = column.type === 'primarykey';
  const text = column.maxLength !== undefined;
  return [
    `<attribute PhysicalName="${column.schemaName}">`,
    ...indent(
      [
        element('Type', {}, column.type),
        element('Name', {}, column.schemaName.toLowerCase()),
        element('LogicalName', {}, column.schemaName.toLowerCase()),
        element('RequiredLevel', {}, key ? 'systemrequired' : column.displayMask.includes('PrimaryName') ? 'required' : 'none'),
        element('DisplayMask', {}, column.displayMask),
        ...(text ? [element('ImeMode', {}, 'auto')] : []),
        element('ValidForUpdateApi', {}, key ? '0' : '1'),
        element('ValidForReadApi', {}, '1'),
        element('ValidForCreateApi', {}, '1'),
        element('IsCustomField', {}, key ? '0' : '1'),
        element('IsAuditEnabled', {}, '0'),
        element('IsSecured', {}, '0'),
        element('IntroducedVersion', {}, '1.0.0.0'),
        element('IsCustomizable', {}, '1'),
        element('IsRenameable', {}, '1'),
        element('SourceType', {}, '0'),
        ...(text ? [element('Format', {}, 'text'), element('MaxLength', {}, String(column.maxLength)), element('Length', {}, String(column.maxLength! * 2))] : []),
        ...label('displaynames', 'displayname', column.displayName),
      ],
      1,
    ),
    '</attribute>',
  ];
}

/** `nwa_value` → `nwa_Value`: the schema name exports give a column (the logical name is its lower-case form). */
const columnSchemaName = (logical: string): string => logical.replace(/_(.)/, (_m, c: string) => `_${c.toUpperCase()}`);

/**
 * The add-on's state table (decision S15) as an exported entity: organisation-owned, a primary name column of 100
 * characters and a multiple-lines-of-text value column of 1,048,576 characters (the platform maximum), so signed
 * documents of any size fit. Lean on purpose: no FormXml, SavedQueries or RibbonDiffXml (optional in the xsd; the
 * platform creates the default form and views when it creates the table, and the table is never shown to users).
 */
export function stateTableXml(names: ComponentNames): string[] {
  const t = names.stateTable;
  const displayName = 'Add-on state';
  return [
    '<Entity>',
    `  <Name LocalizedName="${displayName}" OriginalName="${displayName}">${t.schemaName}</Name>`,
    '  <EntityInfo>',
    `    <entity Name="${t.schemaName}">`,
    ...indent(
      [
        ...label('LocalizedNames', 'LocalizedName', displayName),
        ...label('LocalizedCollectionNames', 'LocalizedCollectionName', displayName),
        ...label('Descriptions', 'Description', 'Licence, assurance and update state of the add-on in this organisation (written by its configuration page).'),
        '<attributes>',
        ...indent(
          [
            ...attributeXml({ schemaName: `${t.schemaName}Id`, type: 'primarykey', displayName, displayMask: 'ValidForAdvancedFind|RequiredForGrid' }),
            ...attributeXml({ schemaName: columnSchemaName(t.nameColumn), type: 'nvarchar', displayName: 'Name', displayMask: 'PrimaryName|ValidForAdvancedFind|ValidForForm|ValidForGrid|RequiredForForm', maxLength: 100 }),
            ...attributeXml({ schemaName: columnSchemaName(t.valueColumn), type: 'ntext', displayName: 'Value', displayMask: 'ValidForAdvancedFind|ValidForForm|ValidForGrid', maxLength: 1048576 }),
          ],
          1,
        ),
        '</attributes>',
        element('EntitySetName', {}, t.entitySetName),
        element('IsDuplicateCheckSupported', {}, '0'),
        element('IsBusinessProcessEnabled', {}, '0'),
        element('IsRequiredOffline', {}, '0'),
        element('IsInteractionCentricEnabled', {}, '0'),
        element('IsCollaboration', {}, '0'),
        element('AutoRouteToOwnerQueue', {}, '0'),
        element('IsConnectionsEnabled', {}, '0'),
        element('IsDocumentManagementEnabled', {}, '0'),
        element('AutoCreateAccessTeams', {}, '0'),
        element('IsOneNoteIntegrationEnabled', {}, '0'),
        element('IsKnowledgeManagementEnabled', {}, '0'),
        element('IsSLAEnabled', {}, '0'),
        element('IsDocumentRecommendationsEnabled', {}, '0'),
        element('IsBPFEntity', {}, '0'),
        element('OwnershipTypeMask', {}, 'OrgOwned'),
        element('IsAuditEnabled', {}, '0'),
        element('IsActivity', {}, '0'),
        element('IsActivityParty', {}, '0'),
        element('IsMailMergeEnabled', {}, '0'),
        element('IsVisibleInMobile', {}, '0'),
        element('IsVisibleInMobileClient', {}, '0'),
        element('IsReadOnlyInMobileClient', {}, '0'),
        element('IsOfflineInMobileClient', {}, '0'),
        element('IsQuickCreateEnabled', {}, '0'),
        element('IntroducedVersion', {}, '1.0.0.0'),
        element('IsCustomizable', {}, '1'),
        element('IsRenameable', {}, '1'),
        element('IsMappable', {}, '0'),
        element('ChangeTrackingEnabled', {}, '0'),
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
