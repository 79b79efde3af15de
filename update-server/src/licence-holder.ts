/** Who is calling on the add-on side: the licence key names the customer; the org must be bound to it. */
import { ApiError } from './api-error';
import type { AppContext } from './app-context';
import { hashLicenceKey } from './licence-key';
import type { CustomerRecord, LicenceKeyRecord, OrgRecord } from './store/store';

export async function licenceHolder(ctx: AppContext, licenceKey: string): Promise<{ key: LicenceKeyRecord; customer: CustomerRecord }> {
  const hash = hashLicenceKey(licenceKey);
  const key = hash === undefined ? undefined : await ctx.store.findLicenceKeyByHash(hash);
  const customer = key ? await ctx.store.getCustomer(key.customerId) : undefined;
  if (!key || !customer) throw new ApiError(403, 'licence_key_invalid', 'the licence key is not valid', 'licenceKey');
  return { key, customer };
}

/** The org, which must have been activated for this customer. */
export async function boundOrg(ctx: AppContext, customer: CustomerRecord, orgId: string): Promise<OrgRecord> {
  const org = await ctx.store.getOrg(orgId);
  if (!org || org.customerId !== customer.id) {
    throw new ApiError(403, 'org_not_activated', 'this organisation is not activated for the licence; activate it first', 'orgId');
  }
  return org;
}
