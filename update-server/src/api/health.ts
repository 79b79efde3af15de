/** Answer of the liveness check. */
import { z } from 'zod';
import { instant } from './values';

export const health = z.object({ status: z.literal('ok'), time: instant });
export type Health = z.output<typeof health>;
