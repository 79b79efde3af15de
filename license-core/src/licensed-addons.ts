/**
 * What a customer's licences entitle to, as the signed licence lists it (SPEC §2: licences are perpetual; each order
 * adds to what is held), and the vendor's status of an add-on on a line (SPEC §4).
 */
import type { AddonLineStatus, Platform } from './types';

export interface HeldLicence {
  addon: string;
  quantity: number;
  feature?: string;
  edition?: string;
}

/**
 * One entry per (add-on, feature, edition), quantities of every order added, add-ons in alphabetical order (the
 * stable order a signed licence needs so that the same holding signs the same claims).
 */
export function licensedAddons(licences: readonly HeldLicence[]): HeldLicence[] {
  const byKey = new Map<string, HeldLicence>();
  for (const l of licences) {
    const key = JSON.stringify([l.addon, l.feature ?? null, l.edition ?? null]);
    const entry = byKey.get(key);
    if (entry) entry.quantity += l.quantity;
    else byKey.set(key, { addon: l.addon, quantity: l.quantity, ...(l.feature !== undefined ? { feature: l.feature } : {}), ...(l.edition !== undefined ? { edition: l.edition } : {}) });
  }
  return [...byKey.values()].sort((a, b) => (a.addon < b.addon ? -1 : a.addon > b.addon ? 1 : 0));
}

/** The vendor's status of an add-on on a line (SPEC §4): a line the vendor never set anything for is supported. */
export function addonLineStatus(set: readonly { platform: Platform; line: string; status: AddonLineStatus }[], platform: Platform, line: string): AddonLineStatus {
  return set.find((l) => l.platform === platform && l.line === line)?.status ?? { status: 'supported' };
}
