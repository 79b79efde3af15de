/**
 * The vendor.json web resource `<prefix>_/<addonId>/vendor.json`, declared once (issue #11): the solution builder
 * writes it (solution/src/vendor-json.ts `vendorJson()`), the configuration page (addon/src) and this control read
 * it. It imports nothing, so the control's PCF build, the page and the builder may all import its type.
 */
export interface VendorJson {
  serverUrl: string;
  addonId: string;
  solutionUniqueName: string;
  solutionFriendlyName: string;
  /** The pinned vendor root certificate (PEM). */
  rootCertPem: string;
  publisher: { uniqueName: string; friendlyName: string; prefix: string };
  /** The CRM line the build is for, and the Web API version that line serves (docs/dataverse-lines.md). */
  line: string;
  webApiVersion: string;
  /** Where the add-on keeps its settings: one row per setting (solution/src/names.ts). */
  stateTable: { logicalName: string; entitySetName: string; primaryId: string; nameColumn: string; valueColumn: string };
}
