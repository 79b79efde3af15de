/**
 * The trust store (tuf-js style: kept apart from fetching). It decides what the add-on believes:
 * - a manifest verifies against the pinned vendor root, for this org, unexpired (freeze attack), and with a
 *   serial no lower than the highest one seen before (rollback attack); the new highest serial is remembered;
 * - licence and entitlement verify against the same root and org.
 * The serial is kept in the org (host adapter setting `manifestSerial`, a row of the state table, D38), so a reinstall of the page cannot
 * be fed an older manifest either.
 */
import {
  verifyEntitlement,
  verifyLicence,
  verifyManifest,
  type EntitlementClaims,
  type LicenceClaims,
  type ManifestClaims,
} from '@crm-assurance/license-core';

export interface SerialStore {
  readSerial(): Promise<number>;
  writeSerial(serial: number): Promise<void>;
}

export class ManifestTrust {
  constructor(
    private readonly rootCertPem: string,
    private readonly orgId: string,
    private readonly serials: SerialStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  licence(token: string): LicenceClaims {
    return verifyLicence(token, { rootCertPem: this.rootCertPem, orgId: this.orgId, now: this.now() });
  }

  entitlement(token: string): EntitlementClaims {
    return verifyEntitlement(token, { rootCertPem: this.rootCertPem, orgId: this.orgId, now: this.now() });
  }

  async manifest(token: string): Promise<ManifestClaims> {
    const minSerial = await this.serials.readSerial();
    const claims = verifyManifest(token, { rootCertPem: this.rootCertPem, orgId: this.orgId, now: this.now(), minSerial });
    if (claims.serial > minSerial) await this.serials.writeSerial(claims.serial);
    return claims;
  }
}
