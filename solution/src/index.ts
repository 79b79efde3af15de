export { buildSolution, solutionEntries, solutionZipName, SolutionInputError } from './build-solution';
export type { BuildSolutionOptions, BuildSolutionResult, VendorConfig } from './build-solution';
export { parseSolutionVersion } from './version';
