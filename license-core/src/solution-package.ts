/**
 * Does an uploaded Dataverse solution package fit the release it is published as? (issue #9, SPEC §3.4, §4)
 *
 * SPEC §3.4: a release targets the tenant's CRM platform and version line; SPEC §4: a Dynamics org reports a
 * version whose line is its first two parts. A solution is exported for one package line
 * (`ImportExportXml@SolutionPackageVersion`), and Dataverse imports a package only into orgs of that line or a
 * newer one. So (decision L32):
 *
 * 1. `package_line_too_new`: the package line is newer than the OLDEST line the release targets (a 9.2 package
 *    cannot be imported into a 9.0 org). An older package line is fine (9.0 packages import into 9.2).
 * 2. `package_version_mismatch`: the solution's `Version` is not the release version (compared numerically, as
 *    add-on versions are: `1.5` = `1.5.0.0`, SPEC §3 "newer than what is installed").
 * 3. `package_unmanaged`: customers get managed solutions only (an unmanaged solution cannot be upgraded or
 *    removed cleanly on the customer's org; decision L33).
 *
 * The checks run in this order and the first failure is the answer. Reading the zip is the caller's business.
 */
import { compareAddonVersions, parseAddonVersion } from './addon-version';
import { InvalidInputError } from './errors';
import { compareLines, isLine, parsePlatformVersion } from './platform-version';

export interface SolutionPackageFacts {
  /** `ImportExportXml@SolutionPackageVersion`, e.g. `9.2` (extra parts such as `9.2.0.0` are allowed). */
  packageLine: string;
  /** `SolutionManifest/Version`. */
  packageVersion: string;
  /** `SolutionManifest/Managed` is 1. */
  managed: boolean;
}

export interface SolutionPackageTarget {
  /** The lines the release targets (Dynamics 365). */
  releaseLines: string[];
  /** The release version (metadata.version). */
  version: string;
}

export type SolutionPackageCheck =
  | { allowed: true; packageLine: string }
  | { allowed: false; reason: 'package_line_too_new'; field: 'lines'; packageLine: string; oldestLine: string }
  | { allowed: false; reason: 'package_version_mismatch'; field: 'version'; packageVersion: string; version: string }
  | { allowed: false; reason: 'package_unmanaged'; field: 'artifact' };

export function checkSolutionPackage(pkg: SolutionPackageFacts, target: SolutionPackageTarget): SolutionPackageCheck {
  if (typeof pkg !== 'object' || pkg === null) throw new InvalidInputError('package', 'package: expected an object');
  if (typeof target !== 'object' || target === null) throw new InvalidInputError('target', 'target: expected an object');
  // The package line is read like an org's version (SPEC §4): the first two parts.
  const packageLine = parsePlatformVersion(pkg.packageLine, 'dynamics365', 'package.packageLine').line;
  const packageVersion = parseAddonVersion(pkg.packageVersion, 'package.packageVersion').raw;
  if (typeof pkg.managed !== 'boolean') throw new InvalidInputError('package.managed', 'package.managed: expected true or false');
  if (!Array.isArray(target.releaseLines) || target.releaseLines.length === 0) {
    throw new InvalidInputError('target.releaseLines', 'target.releaseLines: expected at least one platform line');
  }
  target.releaseLines.forEach((line, i) => {
    if (!isLine(line)) {
      throw new InvalidInputError(`target.releaseLines[${i}]`, `target.releaseLines[${i}]: expected a version line such as 9.2, got ${JSON.stringify(line)}`);
    }
  });
  const version = parseAddonVersion(target.version, 'target.version').raw;

  const oldestLine = [...target.releaseLines].sort(compareLines)[0];
  if (compareLines(packageLine, oldestLine) > 0) {
    return { allowed: false, reason: 'package_line_too_new', field: 'lines', packageLine, oldestLine };
  }
  if (compareAddonVersions(packageVersion, version) !== 0) {
    return { allowed: false, reason: 'package_version_mismatch', field: 'version', packageVersion, version };
  }
  if (!pkg.managed) return { allowed: false, reason: 'package_unmanaged', field: 'artifact' };
  return { allowed: true, packageLine };
}
