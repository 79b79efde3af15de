/**
 * What the solution may contain on each Dynamics 365 line the vendor sells, and the Web API version the add-on uses
 * there. Sources for every cell: docs/dataverse-lines.md. (The Dataverse emulator keeps its own table, read from the
 * documentation, so that a mistake here shows up as a refused import in the tests.)
 */
import { SolutionInputError } from './version';

export type Line = '8.2' | '9.0' | '9.1' | '9.2';

export interface LineCapabilities {
  webApiVersion: string;
  pcf: boolean;
  environmentVariables: boolean;
  stageAndUpgrade: boolean;
}

export const LINES: Record<Line, LineCapabilities> = {
  '8.2': { webApiVersion: '8.2', pcf: false, environmentVariables: false, stageAndUpgrade: false },
  '9.0': { webApiVersion: '9.0', pcf: false, environmentVariables: false, stageAndUpgrade: false },
  '9.1': { webApiVersion: '9.1', pcf: true, environmentVariables: false, stageAndUpgrade: false },
  '9.2': { webApiVersion: '9.2', pcf: true, environmentVariables: true, stageAndUpgrade: true },
};

export function parseLine(value: unknown, field = 'line'): Line {
  if (typeof value !== 'string' || !(value in LINES)) {
    throw new SolutionInputError(field, `${field} must be the Dynamics 365 line the build is for: ${Object.keys(LINES).join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as Line;
}
