/**
 * The Dynamics 365 lines the vendor sells and what a solution may contain on each (the per-line table of the issue #9
 * contract), plus the Web API version the add-on uses there. Sources for every cell: docs/dataverse-lines.md.
 * (The Dataverse emulator keeps its own table, read from the documentation, so that a mistake here shows up as a
 * refused import in the tests.)
 */
import { SolutionInputError } from './version';

export type Line = '8.2' | '9.0' | '9.1' | '9.2';

export interface LineCapabilities {
  /** The Web API version on this line: requests go to `/api/data/v<webApiVersion>/`. */
  webApiVersion: string;
  /** Power Apps component framework controls (CustomControls in customizations.xml). */
  pcf: boolean;
}
// Only what the build decides. Environment variables, StageAndUpgrade and holding solutions per line are in
// docs/dataverse-lines.md: the build uses none of the first two, and the last on every line (D38, D40).

export const LINES: Record<Line, LineCapabilities> = {
  '8.2': { webApiVersion: '8.2', pcf: false },
  '9.0': { webApiVersion: '9.0', pcf: false },
  // 9.1 is on-premises only: Microsoft documents PCF as not supported on-premises (docs/dataverse-lines.md).
  // v9.0, not v9.1: the on-premises guide never documents a v9.1 endpoint; v9.x versions behave identically.
  '9.1': { webApiVersion: '9.0', pcf: false },
  '9.2': { webApiVersion: '9.2', pcf: true },
};

export function parseLine(value: unknown, field = 'line'): Line {
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(LINES, value)) {
    throw new SolutionInputError(field, `${field} must be the Dynamics 365 line the build is for: ${Object.keys(LINES).join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as Line;
}
