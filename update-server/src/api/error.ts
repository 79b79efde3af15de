/** The one error shape of API v1 (api-error.ts): `{ "error": { "code", "message", "field"? } }`. */
import { API_ERROR_CODES } from '@crm-assurance/license-core';
import { z } from 'zod';

export const apiError = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).describe('stable machine code, one of a closed set (license-core API_ERROR_CODES)'),
      message: z.string().describe('plain words'),
      field: z.string().optional().describe('the offending field (dotted path), when one is to blame'),
    }),
  })
  .describe('Every error answer.');

export type ApiErrorBody = z.output<typeof apiError>;
