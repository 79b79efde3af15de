/** The slices of the Store interface each aggregate implements, on SQLite (sqlite/*.ts) and on PostgreSQL (postgres/*.ts). */
import type { Store } from './store';

export type CustomersPart = Pick<
  Store,
  | 'insertCustomer'
  | 'getCustomer'
  | 'listCustomers'
  | 'recordCancellation'
  | 'recordTermination'
  | 'setCustomerPlan'
  | 'insertOrder'
  | 'reconclude'
  | 'listOrders'
  | 'listLicences'
  | 'findLicenceKeyByHash'
  | 'listLicenceKeys'
  | 'reissueLicenceKey'
  | 'getOrg'
  | 'listOrgs'
  | 'bindOrg'
  | 'touchOrg'
>;

export type BillingPart = Pick<
  Store,
  | 'getInvoice'
  | 'listInvoices'
  | 'insertRenewalInvoices'
  | 'insertMaintenanceUpgrade'
  | 'listMaintenanceUpgrades'
  | 'addCredit'
  | 'listCreditEntries'
  | 'recordPayment'
  | 'listPayments'
>;

export type ReleasesPart = Pick<
  Store,
  | 'upsertPlatformLine'
  | 'listPlatformLines'
  | 'insertAddon'
  | 'getAddon'
  | 'listAddons'
  | 'upsertAddonLine'
  | 'listAddonLines'
  | 'insertRelease'
  | 'getRelease'
  | 'findReleases'
  | 'listReleases'
  | 'recordInstall'
  | 'listInstalls'
>;

/** The fleet report (issue #14 item 4): update checks as the add-ons report them, and the report's snapshot. */
export type FleetPart = Pick<Store, 'recordUpdateCheck' | 'fleet' | 'installOutcomes'>;

export type PriceListPart = Pick<Store, 'setPrice' | 'listPrices' | 'removePrice'>;

export type SupportPart = Pick<
  Store,
  'insertSupportRequest' | 'getSupportRequest' | 'findSupportRequestByNumber' | 'listSupportRequests' | 'updateSupportRequest' | 'insertSupportTimeEntry' | 'listSupportTimeEntries'
>;

export type KeysPart = Pick<Store, 'getSettings' | 'saveSettings' | 'insertApiKey' | 'findApiKeyByHash' | 'listApiKeys' | 'revokeApiKey'>;
