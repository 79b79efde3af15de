/** Answers of the install report (issue #9: exactly once per installId). */
import { z } from 'zod';
import { instant } from './values';

export const installRecorded = z.object({ id: z.string(), installId: z.string().optional().describe('when sent'), recordedAt: instant });
export const installDuplicate = installRecorded.extend({ duplicate: z.literal(true) });

export type InstallRecorded = z.output<typeof installRecorded>;
export type InstallDuplicate = z.output<typeof installDuplicate>;
