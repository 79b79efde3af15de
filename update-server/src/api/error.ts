/** The one error shape of API v1 (api-error.ts): `{ "error": { "code", "message", "field"? } }`. */
import { z } from 'zod';

export const apiError = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine code, e.g. invoice_not_found'),
      message: z.string().describe('plain words'),
      field: z.string().optional().describe('the offending field (dotted path), when one is to blame'),
    }),
  })
  .describe('Every error answer.');

export type ApiErrorBody = z.output<typeof apiError>;
