/**
 * What a Dynamics 365 / Dataverse organisation of each line offers and refuses, as Microsoft documents it. The
 * emulator reads only this table and the documentation it cites, never the add-on's or the solution builder's
 * code (they keep their own table; docs/dataverse-lines.md compares both with the sources).
 *
 * Where the documentation is silent the emulator takes the stricter reading, and says so.
 */

export type Line = '8.2' | '9.0' | '9.1' | '9.2';
export const LINES: readonly Line[] = ['8.2', '9.0', '9.1', '9.2'];

export interface LineCapabilities {
  /** Web API versions the org serves under /api/data/v<version>/ (an org serves its own and the older ones). */
  webApiVersions: readonly string[];
  /** Power Apps component framework controls (CustomControls in customizations.xml). */
  pcf: boolean;
  /** environmentvariabledefinition / environmentvariablevalue tables. */
  environmentVariables: boolean;
  /** The StageAndUpgrade action. */
  stageAndUpgrade: boolean;
  /** Xrm.Utility.getGlobalContext and the organizationSettings / userSettings objects of the global context. */
  xrmUtilityGlobalContext: boolean;
}

/**
 * Sources:
 * - Web API versions: "Web API URL and versions",
 *   https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#web-api-url-and-versions
 *   and the version-specific CRM 2016 / 8.2 Web API reference (https://learn.microsoft.com/previous-versions/dynamicscrm-2016/).
 * - PCF: "Power Apps component framework overview" — not supported for on-premises environments (8.2, 9.0 and 9.1
 *   are on-premises lines; online runs 9.2), https://learn.microsoft.com/power-apps/developer/component-framework/overview
 * - Environment variables: online only, "Environment variables overview",
 *   https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables (not in the on-premises 9.1 docs:
 *   stricter reading, absent before 9.2).
 * - StageAndUpgrade: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/stageandupgrade
 *   (online only; stricter reading, 9.2).
 * - Xrm.Utility.getGlobalContext: Client API reference, introduced with 9.0,
 *   https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext
 */
export const CAPABILITIES: Record<Line, LineCapabilities> = {
  '8.2': { webApiVersions: ['8.0', '8.1', '8.2'], pcf: false, environmentVariables: false, stageAndUpgrade: false, xrmUtilityGlobalContext: false },
  '9.0': { webApiVersions: ['8.0', '8.1', '8.2', '9.0'], pcf: false, environmentVariables: false, stageAndUpgrade: false, xrmUtilityGlobalContext: true },
  // v9.1 on 9.1 on-premises: the on-premises guide never names it; stricter reading, v9.0 is the newest served.
  '9.1': { webApiVersions: ['8.0', '8.1', '8.2', '9.0'], pcf: false, environmentVariables: false, stageAndUpgrade: false, xrmUtilityGlobalContext: true },
  '9.2': { webApiVersions: ['8.0', '8.1', '8.2', '9.0', '9.1', '9.2'], pcf: true, environmentVariables: true, stageAndUpgrade: true, xrmUtilityGlobalContext: true },
};

export function lineOf(orgVersion: string): Line {
  const line = orgVersion.split('.').slice(0, 2).join('.');
  if (!(LINES as readonly string[]).includes(line)) throw new Error(`the emulator knows Dynamics 365 lines ${LINES.join(', ')}, not ${orgVersion}`);
  return line as Line;
}

export function compareLines(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? Math.sign(am - bm) : Math.sign(an - bn);
}

/**
 * Column limits, "Types of columns" (https://learn.microsoft.com/power-apps/maker/data-platform/types-of-fields) and
 * the AttributeMetadata reference: single line of text (String / nvarchar) up to 4,000 characters, multiple lines of
 * text (Memo / ntext) up to 1,048,576.
 */
export const MAX_STRING_LENGTH = 4000;
export const MAX_MEMO_LENGTH = 1_048_576;

/**
 * environmentvariablevalue.value and environmentvariabledefinition.defaultvalue are Memo columns with MaxLength 2000:
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariablevalue#BKMK_Value
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariabledefinition#BKMK_DefaultValue
 */
export const ENVIRONMENT_VARIABLE_VALUE_MAX = 2000;

/**
 * Error codes the emulator answers with, from "Web service error codes"
 * (https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes).
 */
export const ErrorCode = {
  /** ObjectDoesNotExist */
  NotFound: '0x80040217',
  /** DuplicateRecord: a record with matching key values already exists. */
  Duplicate: '0x80040237',
  /** InvalidArgument */
  InvalidArgument: '0x80040203',
  /** PrivilegeDenied: the caller lacks a privilege. */
  PrivilegeDenied: '0x80040220',
  /** ConcurrencyVersionMismatch: If-Match ETag differs from the row's version. */
  VersionMismatch: '0x80060882',
  /** The length of an attribute exceeded its maximum allowed length. */
  StringLengthTooLong: '0x80044331',
  /** Resource not found for the segment (OData routing). */
  ResourceNotFound: '0x80060888',
  /** ImportFileSignatureInvalid / schema validation failed: "The import file is invalid. XSD validation failed". */
  ImportSchemaInvalid: '0x8004801a',
  /** ImportSolutionManagedToUnmanagedMismatch (and the reverse): the installed solution's mode differs. */
  ManagedMismatch: '0x80048033',
  /** The solution package was created by a newer version than the organisation. */
  PackageVersionTooNew: '0x8004801f',
  /** Generic import failure. */
  ImportFailed: '0x80048060',
  /** A holding solution is already present / the base solution is missing for an upgrade. */
  UpgradeInvalid: '0x80048541',
} as const;

/**
 * Privileges each message demands, from "Privileges by message" (the CRM 2016 / Dynamics 365 SDK reference, which
 * covers 8.2 to 9.x; Dataverse keeps the messages). The ImportSolution page says the exact set depends on the
 * package's content: the emulator demands the whole documented list (stricter).
 * - ImportSolution: https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg327891(v=crm.8)
 * - DeleteAndPromote: https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/mt607492(v=crm.8)
 * - PublishAllXml: https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg309497(v=crm.8)
 */
export const MESSAGE_PRIVILEGES = {
  ImportSolution: [
    'prvCreateCustomization', 'prvReadArticleTemplate', 'prvReadBusinessUnit', 'prvReadConnectionRole', 'prvReadContractTemplate',
    'prvReadCustomization', 'prvReadEmailTemplate', 'prvReadEntityMap', 'prvReadFieldSecurityProfile', 'prvReadMailMergeTemplate',
    'prvReadPluginAssembly', 'prvReadQuery', 'prvReadReport', 'prvReadRole', 'prvReadSdkMessageProcessingStep', 'prvReadSolution',
    'prvReadSystemForm', 'prvReadWebResource', 'prvWriteArticleTemplate', 'prvWriteConnectionRole', 'prvWriteContractTemplate',
    'prvWriteCustomization', 'prvWriteOrganization', 'prvWriteQuery', 'prvWriteSolution', 'prvWriteSystemForm',
  ],
  DeleteAndPromote: ['prvDeleteSolution', 'prvReadSolution', 'prvWriteSolution', 'prvReadPublisher'],
  PublishAllXml: ['prvReadCustomization', 'prvReadQuery', 'prvReadSavedQueryVisualizations', 'prvReadSystemForm', 'prvReadWebResource', 'prvWriteQuery'],
} as const;
