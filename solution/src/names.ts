/**
 * Component names of one vendor's add-on (decisions S13, S14): everything carries the vendor publisher's prefix and
 * the add-on id, so two vendors, or two add-ons of one vendor, never share a component in an org.
 *
 *   web resources  `${prefix}_/${addonId}/config.html | config.js | vendor.json`
 *   control        `${prefix}_CrmAssurance.LicenceBanner`
 *   state table    `${prefix}_${addonKey}state` (addonKey = addonId lower-cased, only [a-z0-9] kept), schema name with
 *                  the first letter of addonKey upper-cased, entity set `${logical}s`, key `${logical}id`,
 *                  columns `${prefix}_name` (primary name) and `${prefix}_value`
 */
import { CONTROL } from './components';

export interface Publisher {
  uniqueName: string;
  friendlyName: string;
  prefix: string;
  optionValuePrefix: number;
  description?: string;
}

export interface StateTableNames {
  schemaName: string;
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  nameColumn: string;
  valueColumn: string;
}

export interface ComponentNames {
  configPage: string;
  configScript: string;
  vendorJson: string;
  control: string;
  stateTable: StateTableNames;
}

export function componentNames(prefix: string, addonId: string): ComponentNames {
  const key = addonId.toLowerCase().replace(/[^a-z0-9]/g, '');
  const schemaName = `${prefix}_${key.charAt(0).toUpperCase()}${key.slice(1)}State`;
  const logicalName = schemaName.toLowerCase();
  return {
    configPage: `${prefix}_/${addonId}/config.html`,
    configScript: `${prefix}_/${addonId}/config.js`,
    vendorJson: `${prefix}_/${addonId}/vendor.json`,
    control: `${prefix}_${CONTROL.namespace}.${CONTROL.constructorName}`,
    stateTable: {
      schemaName,
      logicalName,
      entitySetName: `${logicalName}s`,
      primaryId: `${logicalName}id`,
      nameColumn: `${prefix}_name`,
      valueColumn: `${prefix}_value`,
    },
  };
}
