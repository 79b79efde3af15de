/**
 * The signing keys of a data directory (issue #12, decisions S18, U38–U40): the current key and certificate,
 * the certificates of rotated-out keys, and the revoked ones.
 *
 *   keys/signing-key.pem, keys/signing-cert.pem   the key that signs now
 *   keys/retired/<serial>.pem                     certificates of earlier keys (their private keys are deleted)
 *   keys/revoked.json                             [{ serial, revokedAt, reason }], listed in every manifest
 *
 * Rotation issues a new key and certificate from the root. Add-ons pin only the root, so they accept the new key at
 * once, and documents signed by the old one keep verifying until its certificate expires (unless it is revoked).
 * Each file is written whole (temporary file, fsync, rename); a rotation interrupted half-way is finished at the
 * next start (see recoverRotation), so the key and the certificate in use always belong together.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { normaliseSerial, revocationOf } from '@crm-assurance/license-core';
import { createSigner, issueSigningCertificate, type Signer } from '@crm-assurance/license-core/node';
import { dataPaths } from './config';

/** Decision U39: /healthz reports the signing certificate as expiring (status degraded) this many days before. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CertificateFacts {
  serial: string;
  notBefore: string;
  notAfter: string;
}

export interface RevokedCertificate {
  serial: string;
  revokedAt: string;
  reason: string;
}

export interface SigningKeys {
  signer: Signer;
  current: CertificateFacts;
  retired: CertificateFacts[];
  revoked: RevokedCertificate[];
}

/** Why the keys of a data directory cannot be used or changed; the CLI prints the message. */
export class SigningKeyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

function factsOf(certPem: string): CertificateFacts {
  const cert = new X509Certificate(certPem);
  return { serial: normaliseSerial(cert.serialNumber), notBefore: new Date(cert.validFrom).toISOString(), notAfter: new Date(cert.validTo).toISOString() };
}

/** The state of a certificate at `now` (decision U39). */
export function certificateHealth(facts: CertificateFacts, now: Date): { status: 'valid' | 'expiring' | 'expired'; daysLeft: number } {
  const leftMs = Date.parse(facts.notAfter) - now.getTime();
  const daysLeft = Math.floor(leftMs / DAY_MS);
  if (leftMs < 0) return { status: 'expired', daysLeft };
  return { status: daysLeft < EXPIRY_WARNING_DAYS ? 'expiring' : 'valid', daysLeft };
}

async function writeWhole(file: string, data: string, mode: number): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

const next = (file: string): string => `${file}.next`;

/**
 * Finishes or undoes a rotation a crash interrupted (decision U38). The new certificate is written after the new
 * key, and only once both are whole does the switch begin, so: a `.next` certificate means both new files are
 * complete (move them into place); a `.next` key alone means the rotation never got that far (drop it).
 */
export async function recoverRotation(dataDir: string): Promise<'none' | 'finished' | 'undone'> {
  const paths = dataPaths(dataDir);
  if (existsSync(next(paths.signingCert))) {
    if (existsSync(next(paths.signingKey))) await fs.rename(next(paths.signingKey), paths.signingKey);
    await fs.rename(next(paths.signingCert), paths.signingCert);
    return 'finished';
  }
  if (existsSync(next(paths.signingKey))) {
    await fs.rm(next(paths.signingKey));
    return 'undone';
  }
  return 'none';
}

async function readRevoked(file: string): Promise<RevokedCertificate[]> {
  if (!existsSync(file)) return [];
  let list: unknown;
  try {
    list = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    throw new SigningKeyError('revoked', `${file} is not JSON: restore it from a backup`);
  }
  if (!Array.isArray(list)) throw new SigningKeyError('revoked', `${file} must hold a list of revoked certificates`);
  return list.map((entry: unknown, i) => {
    const e = entry as Partial<RevokedCertificate> | null;
    if (typeof e?.serial !== 'string' || !/^[0-9a-f]{1,40}$/.test(e.serial) || typeof e.revokedAt !== 'string' || typeof e.reason !== 'string') {
      throw new SigningKeyError('revoked', `${file}: entry ${i} must be { serial (lower-case hex), revokedAt, reason }`);
    }
    return { serial: e.serial, revokedAt: e.revokedAt, reason: e.reason };
  });
}

async function readRetired(dir: string): Promise<CertificateFacts[]> {
  if (!existsSync(dir)) return [];
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.pem')).sort();
  const facts = await Promise.all(files.map(async (f) => factsOf(await fs.readFile(path.join(dir, f), 'utf8'))));
  return facts.sort((a, b) => a.notBefore.localeCompare(b.notBefore));
}

/**
 * Reads the keys of a data directory (after finishing an interrupted rotation). A current certificate that is
 * revoked is refused: the server would hand out documents every add-on refuses (rotate first).
 */
export async function loadSigningKeys(dataDir: string, issuer: string): Promise<SigningKeys & { recovered: 'none' | 'finished' | 'undone' }> {
  const recovered = await recoverRotation(dataDir);
  const paths = dataPaths(dataDir);
  const [signingKeyPem, signingCertPem] = await Promise.all([fs.readFile(paths.signingKey, 'utf8'), fs.readFile(paths.signingCert, 'utf8')]);
  const signer = createSigner({ signingKeyPem, signingCertPem, issuer });
  const [retired, revoked] = await Promise.all([readRetired(paths.retiredCerts), readRevoked(paths.revokedCerts)]);
  const current = factsOf(signingCertPem);
  if (revoked.some((r) => r.serial === current.serial)) {
    throw new SigningKeyError(
      'signingCert',
      `the current signing certificate ${current.serial} is revoked: run \`assurance-server rotate-signing-key --data ${dataDir}\` to sign with a new key`,
    );
  }
  return { signer, current, retired, revoked, recovered };
}

export interface RotateOptions {
  now: Date;
  /** The vendor's name, for the new certificate's subject. */
  vendorName: string;
  validityYears?: number;
  /** Revoke the certificate being replaced (its key leaked), with this reason. */
  revokeReason?: string;
}

export interface RotationResult {
  previous: CertificateFacts;
  current: CertificateFacts;
  revoked?: RevokedCertificate;
}

function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '' || trimmed.length > 500) throw new SigningKeyError('reason', '--reason: say in up to 500 characters why the certificate is revoked');
  return trimmed;
}

/**
 * Decision U38: a new signing key and certificate from the root; the old certificate is kept in `keys/retired`
 * (verification only: its private key is deleted). With `revokeReason` the old certificate is also revoked, and
 * the revocation is written before the switch: a crash in between leaves the server refusing to start with the
 * revoked key (fail closed) rather than signing on with it.
 */
export async function rotateSigningKey(dataDir: string, options: RotateOptions): Promise<RotationResult> {
  await recoverRotation(dataDir);
  const paths = dataPaths(dataDir);
  const [rootKeyPem, rootCertPem, oldCertPem] = await Promise.all([
    fs.readFile(paths.rootKey, 'utf8').catch(() => {
      throw new SigningKeyError('rootKey', `${paths.rootKey} is missing: rotation needs the vendor root key (put it back from its offline copy)`);
    }),
    fs.readFile(paths.rootCert, 'utf8'),
    fs.readFile(paths.signingCert, 'utf8'),
  ]);
  const previous = factsOf(oldCertPem);
  let issued;
  try {
    issued = issueSigningCertificate({ rootKeyPem, rootCertPem, vendorName: options.vendorName, now: options.now, ...(options.validityYears !== undefined ? { validityYears: options.validityYears } : {}) });
  } catch (error) {
    throw new SigningKeyError((error as { field?: string }).field ?? 'root', `cannot issue a signing certificate: ${(error as Error).message}`);
  }
  const current = factsOf(issued.certPem);
  // Decision S18 (license-core's revocationOf): a listing counts only against certificates issued before the lister.
  if (options.revokeReason !== undefined && revocationOf(previous, [{ serial: previous.serial, listedBy: current }]) === undefined) {
    throw new SigningKeyError('now', `the new certificate would not be issued after ${previous.serial} (notBefore ${previous.notBefore}), so it could not revoke it; try again in a second`);
  }

  let revoked: RevokedCertificate | undefined;
  if (options.revokeReason !== undefined) {
    revoked = { serial: previous.serial, revokedAt: options.now.toISOString(), reason: checkReason(options.revokeReason) };
    const list = await readRevoked(paths.revokedCerts);
    if (!list.some((r) => r.serial === previous.serial)) await writeWhole(paths.revokedCerts, `${JSON.stringify([...list, revoked], null, 2)}\n`, 0o644);
  }
  await fs.mkdir(paths.retiredCerts, { recursive: true });
  await writeWhole(path.join(paths.retiredCerts, `${previous.serial}.pem`), oldCertPem, 0o644);
  await writeWhole(next(paths.signingKey), issued.keyPem, 0o600);
  await writeWhole(next(paths.signingCert), issued.certPem, 0o644);
  await recoverRotation(dataDir);
  return { previous, current, ...(revoked ? { revoked } : {}) };
}

/**
 * Revokes a retired signing certificate of this data directory (decision S18). The current one cannot be
 * revoked alone (rotate with a reason instead): the server would have nothing to sign with.
 */
export async function revokeSigningCertificate(dataDir: string, options: { serial: string; reason: string; now: Date }): Promise<RevokedCertificate> {
  const paths = dataPaths(dataDir);
  const serial = normaliseSerial(options.serial.trim().replace(/:/g, ''));
  if (!/^[0-9a-f]{1,40}$/.test(serial)) throw new SigningKeyError('serial', `--serial: ${JSON.stringify(options.serial)} is not a certificate serial in hex`);
  const reason = checkReason(options.reason);
  const current = factsOf(await fs.readFile(paths.signingCert, 'utf8'));
  if (current.serial === serial) {
    throw new SigningKeyError('serial', `--serial: ${serial} is the current signing certificate; run rotate-signing-key --revoke-reason "..." to replace and revoke it`);
  }
  const retired = await readRetired(paths.retiredCerts);
  if (!retired.some((c) => c.serial === serial)) {
    throw new SigningKeyError('serial', `--serial: ${serial} is not a signing certificate of this data directory (retired ones: ${retired.map((c) => c.serial).join(', ') || 'none'})`);
  }
  const list = await readRevoked(paths.revokedCerts);
  const known = list.find((r) => r.serial === serial);
  if (known) return known;
  const entry = { serial, revokedAt: options.now.toISOString(), reason };
  await writeWhole(paths.revokedCerts, `${JSON.stringify([...list, entry], null, 2)}\n`, 0o644);
  return entry;
}
