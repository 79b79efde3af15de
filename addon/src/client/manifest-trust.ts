/**
 * The trust store (tuf-js style: kept apart from fetching). It decides what the add-on believes:
 * - a manifest verifies against the pinned vendor root, for this org, unexpired (freeze attack), and with a
 *   serial no lower than the highest one seen before (rollback attack); the new highest serial is remembered;
 * - the signing certificates a verified manifest lists as revoked are remembered, and documents they signed are
 *   refused from then on (issue #12, decision S18; the rules are license-core's acceptManifest);
 * - licence and entitlement verify against the same root and org, and not from a revoked certificate.
 * The state is kept in the org (host adapter setting `trustState`, a row of the state table, D38), so a reinstall
 * of the page cannot be fed an older manifest or forget a revocation. Add-ons before issue #12 kept only the serial
 * (`manifestSerial`); it is read as the floor of a state without one, and still written for them.
 */
import {
  acceptManifest,
  parseTrustState,
  verifyEntitlement,
  verifyLicence,
  type EntitlementClaims,
  type LicenceClaims,
  type ManifestClaims,
  type TrustState,
} from '@crm-assurance/license-core';
import type { HostAdapter } from './host-adapter';

export interface TrustStateStore {
  read(): Promise<TrustState>;
  write(state: TrustState): Promise<void>;
}

/** The trust state in the org's settings. */
export function hostTrustStates(host: Pick<HostAdapter, 'readSetting' | 'writeSetting'>): TrustStateStore {
  return {
    async read() {
      const [text, legacy] = await Promise.all([host.readSetting('trustState'), host.readSetting('manifestSerial')]);
      return parseTrustState(text, Number(legacy ?? '0') || 0);
    },
    async write(state) {
      await host.writeSetting('trustState', JSON.stringify(state));
      await host.writeSetting('manifestSerial', String(state.manifestSerial));
    },
  };
}

export class ManifestTrust {
  constructor(
    private readonly rootCertPem: string,
    private readonly orgId: string,
    private readonly states: TrustStateStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async options(): Promise<{ rootCertPem: string; orgId: string; now: Date; state: TrustState }> {
    return { rootCertPem: this.rootCertPem, orgId: this.orgId, now: this.now(), state: await this.states.read() };
  }

  async licence(token: string): Promise<LicenceClaims> {
    const { state, ...opts } = await this.options();
    return verifyLicence(token, { ...opts, revoked: state.revoked });
  }

  async entitlement(token: string): Promise<EntitlementClaims> {
    const { state, ...opts } = await this.options();
    return verifyEntitlement(token, { ...opts, revoked: state.revoked });
  }

  async manifest(token: string): Promise<ManifestClaims> {
    const opts = await this.options();
    const accepted = acceptManifest(token, opts);
    if (JSON.stringify(accepted.state) !== JSON.stringify(opts.state)) await this.states.write(accepted.state);
    return accepted.claims;
  }
}
