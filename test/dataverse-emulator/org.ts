/**
 * The organisation's solutions and components, with the import rules Microsoft documents:
 *
 * - Solution layering: a component can be part of several solutions; the newest layer is what the org runs, and a
 *   component leaves the org only when no solution holds it any more ("Solution layers",
 *   https://learn.microsoft.com/power-platform/alm/solution-layers-alm).
 * - Update vs upgrade ("Upgrade or update a solution", https://learn.microsoft.com/power-apps/maker/data-platform/update-solutions):
 *   a plain import of a newer version is an *update*: it adds and changes components but never removes the ones the
 *   new version dropped. An *upgrade* removes them: ImportSolution with HoldingSolution=true imports the new version
 *   as a holding solution `<name>_Upgrade` beside the base, and DeleteAndPromote
 *   (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/deleteandpromote) deletes the base
 *   and promotes the holding solution; components only the base held are deleted, with their data.
 *   StageAndUpgrade (9.2) does both steps at once.
 * - Managed and unmanaged do not mix: a managed package over a solution installed unmanaged, or the reverse, is
 *   refused ("Solution concepts", https://learn.microsoft.com/power-platform/alm/solution-concepts-alm: managed
 *   solutions are layered over the unmanaged layer and cannot be imported over an unmanaged solution of the same name).
 * - A managed solution cannot be downgraded; a holding solution needs a managed base, a newer version, and no other
 *   holding solution pending (docs silent on the last two: stricter reading).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from './platform';
import { compareVersions, PackageError, type EntityDefinition, type SolutionPackage, type WebResourceComponent } from './solution-package';

export interface InstalledSolution {
  solutionid: string;
  uniquename: string;
  friendlyname: string;
  version: string;
  ismanaged: boolean;
  /** The web resource named as the solution's configuration page (solution.configurationpageid). */
  configurationPage?: string;
  publisherPrefix: string;
  installedOn: number;
  webResources: Map<string, WebResourceComponent>;
  customControls: Set<string>;
  entities: Map<string, EntityDefinition>;
  environmentVariables: Array<{ schemaName: string; defaultValue?: string }>;
}

export interface Row {
  id: string;
  version: number;
  values: Record<string, unknown>;
}

export interface Table {
  definition: EntityDefinition;
  rows: Map<string, Row>;
}

export const HOLDING_SUFFIX = '_Upgrade';

export class Organisation {
  readonly solutions = new Map<string, InstalledSolution>();
  /** Custom tables by logical name, created by the solutions that hold their entity. */
  readonly tables = new Map<string, Table>();
  private order = 0;
  private rowVersion = 1000;

  nextRowVersion(): number {
    return ++this.rowVersion;
  }

  /** The web resource the org serves under a name: the newest layer that holds it. */
  webResource(name: string): WebResourceComponent | undefined {
    const layers = [...this.solutions.values()].filter((s) => s.webResources.has(name)).sort((a, b) => b.installedOn - a.installedOn);
    return layers[0]?.webResources.get(name);
  }

  tableBySet(entitySetName: string): Table | undefined {
    return [...this.tables.values()].find((t) => t.definition.entitySetName === entitySetName);
  }

  /** Checks whether ImportSolution may apply this package, before anything changes. */
  checkImport(pkg: SolutionPackage, holding: boolean): void {
    const existing = this.solutions.get(pkg.uniqueName);
    if (existing && existing.ismanaged !== pkg.managed) {
      throw new PackageError(
        ErrorCode.ManagedMismatch,
        existing.ismanaged
          ? `The solution ${pkg.uniqueName} is already installed on this system as a managed solution and the package supplied is attempting to install it in unmanaged mode. Import can only update solutions when the modes match.`
          : `The solution ${pkg.uniqueName} is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.`,
      );
    }
    if (existing && existing.ismanaged && compareVersions(pkg.version, existing.version) < 0) {
      throw new PackageError(ErrorCode.ImportFailed, `The solution ${pkg.uniqueName} version ${pkg.version} is older than the installed managed version ${existing.version}; a managed solution cannot be downgraded.`);
    }
    if (holding) {
      if (!existing) throw new PackageError(ErrorCode.UpgradeInvalid, `A holding solution needs the base solution ${pkg.uniqueName} to be installed; it is not.`);
      if (!pkg.managed || !existing.ismanaged) throw new PackageError(ErrorCode.UpgradeInvalid, 'Only a managed solution can be imported as a holding solution over a managed base solution.');
      if (compareVersions(pkg.version, existing.version) <= 0) throw new PackageError(ErrorCode.UpgradeInvalid, `The holding solution's version ${pkg.version} must be newer than the installed ${existing.version}.`);
      if (this.solutions.has(pkg.uniqueName + HOLDING_SUFFIX)) {
        throw new PackageError(ErrorCode.UpgradeInvalid, `An upgrade of ${pkg.uniqueName} is pending already (${pkg.uniqueName}${HOLDING_SUFFIX}); apply it with DeleteAndPromote first.`);
      }
    }
    // A table that another solution created keeps its definition; its columns must not shrink below stored data
    // (docs silent: the emulator only checks that the logical names agree).
  }

  /** Applies a checked package: a new install, an update (merge: nothing is removed), or a holding solution. */
  apply(pkg: SolutionPackage, holding: boolean): InstalledSolution {
    const name = holding ? pkg.uniqueName + HOLDING_SUFFIX : pkg.uniqueName;
    const existing = holding ? undefined : this.solutions.get(pkg.uniqueName);
    const merge = <K, V>(old: Map<K, V> | undefined, next: Map<K, V>) => new Map([...(old ?? new Map<K, V>()), ...next]);
    const solution: InstalledSolution = {
      solutionid: existing?.solutionid ?? randomUUID(),
      uniquename: name,
      friendlyname: pkg.friendlyName,
      version: pkg.version,
      ismanaged: pkg.managed,
      ...(pkg.configurationPage ? { configurationPage: pkg.configurationPage } : {}),
      publisherPrefix: pkg.publisher.prefix,
      // An import (new or an update) puts the solution on top of the layers.
      installedOn: ++this.order,
      // An update keeps what the new version dropped (update is not upgrade).
      webResources: merge(existing?.webResources, pkg.webResources),
      customControls: new Set([...(existing?.customControls ?? []), ...pkg.customControls]),
      entities: merge(existing?.entities, pkg.entities),
      environmentVariables: [
        ...(existing?.environmentVariables ?? []).filter((v) => !pkg.environmentVariables.some((n) => n.schemaName === v.schemaName)),
        ...pkg.environmentVariables,
      ],
    };
    this.solutions.set(name, solution);
    for (const entity of pkg.entities.values()) {
      const table = this.tables.get(entity.logicalName);
      if (table) table.definition = entity;
      else this.tables.set(entity.logicalName, { definition: entity, rows: new Map() });
    }
    return solution;
  }

  /** DeleteAndPromote: removes the base solution and what only it held, then promotes the holding solution. */
  deleteAndPromote(uniqueName: string): InstalledSolution {
    const base = this.solutions.get(uniqueName);
    const holding = this.solutions.get(uniqueName + HOLDING_SUFFIX);
    if (!base || !holding) throw new PackageError(ErrorCode.UpgradeInvalid, `There is no pending upgrade of ${uniqueName} (no ${uniqueName}${HOLDING_SUFFIX} holding solution).`);
    this.solutions.delete(uniqueName);
    this.solutions.delete(uniqueName + HOLDING_SUFFIX);
    const promoted: InstalledSolution = { ...holding, uniquename: uniqueName, solutionid: base.solutionid };
    this.solutions.set(uniqueName, promoted);
    this.dropOrphanTables();
    return promoted;
  }

  /** A table whose entity no installed solution holds any more is deleted, with its rows. */
  private dropOrphanTables(): void {
    for (const name of [...this.tables.keys()]) {
      if (![...this.solutions.values()].some((s) => s.entities.has(name))) this.tables.delete(name);
    }
  }
}
