/**
 * Prepaid credit (SPEC §5 "prepaid credit on the tenant's balance is used up first"):
 * `POST /v1/customers/{id}/credits` `{ amount, reference, note? }` deposits credit (idempotent by reference, like
 * payments); `GET /v1/customers/{id}/credits` lists the balance per currency and every deposit and use. Credit is
 * used automatically when an invoice is raised (orders, billing runs, re-conclusion, upgrade fees).
 * A deposit is at most the money ceiling, and so is the balance it makes (409 `money_limit_exceeded`, decided in the
 * store's transaction, decision U33).
 */
import { creditLedger, type Money } from '@crm-assurance/license-core';
import { Router } from 'express';
import { z } from 'zod';
import { conflict, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { requireRole } from '../auth/vendor-auth';
import type { CreditEntryRecord } from '../store/store';
import { visibleCustomer } from './customers';
import { money } from './schemas';

export const creditBody = z.object({
  amount: money.refine((m) => m.amount > 0, { message: 'must be positive', path: ['amount'] }),
  reference: z.string().trim().min(1, 'must not be empty').max(200),
  note: z.string().trim().max(500).optional(),
});

/** The balance per currency; a currency past the money ceiling is named instead of shown inexactly (decision U34). */
function balanceOf(entries: CreditEntryRecord[]): { balance: Money[]; balanceOverLimit?: string[] } {
  const { balances, overLimit } = creditLedger(entries);
  return { balance: balances, ...(overLimit.length > 0 ? { balanceOverLimit: overLimit } : {}) };
}

export function creditRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/credits',
    requireRole('billing'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(creditBody, req.body);
      const entry: CreditEntryRecord = {
        id: newId('cre'),
        customerId: customer.id,
        kind: 'deposit',
        amount: body.amount,
        reference: body.reference,
        ...(body.note !== undefined ? { note: body.note } : {}),
        createdAt: ctx.asOf(),
      };
      const outcome = await ctx.store.addCredit(entry);
      if (outcome.kind === 'conflict') throw conflict('credit_reference_conflict', `reference ${body.reference} was used for a different deposit (${outcome.entry.id})`, 'reference');
      const entries = await ctx.store.listCreditEntries(customer.id);
      res.status(outcome.kind === 'created' ? 201 : 200).json({ entry: outcome.entry, duplicate: outcome.kind === 'duplicate', ...balanceOf(entries) });
    }),
  );

  router.get(
    '/v1/customers/:id/credits',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const entries = await ctx.store.listCreditEntries(customer.id);
      res.json({ customerId: customer.id, ...balanceOf(entries), entries });
    }),
  );

  return router;
}
