/**
 * Support requests (SPEC §6, seeds 001/003).
 *
 * Add-on side (licence key + activated org, like /v1/installs):
 * - `POST /v1/support-requests` files a request from the configuration page with its environment: add-on and CRM
 *   versions, and whether customisations are present.
 * - `POST /v1/support-requests/mine` lists the customer's requests (number, summary, status) for the page.
 * Vendor side: list, show (with time log and charge), classify, record the notice and the approval, log time,
 * close, and the month statement. license-core's supportCharge / supportChargeInMonth compute what is billable;
 * this file validates, stores and reads.
 */
import {
  checkTimeEntry,
  monthBounds,
  supportCharge,
  supportChargeInMonth,
  supportApprovalVerdict,
  supportDiscountDay,
  supportNoticeVerdict,
  supportStatementTotals,
  SUPPORT_CLASSES,
  SUPPORT_STATUSES,
} from '@crm-assurance/license-core';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { badRequest, conflict, notFound, refused, route, validate } from '../api-error';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { isCustomerVisible, partnerScope, requireRole } from '../auth/vendor-auth';
import { supportDiscountBp } from '../customer-account';
import { boundOrg, licenceHolder } from '../licence-holder';
import type { CustomerRecord, SupportRequestRecord, SupportTimeEntryRecord, VendorSettings } from '../store/store';
import { addonVersion, instant, licenceKey, orgId, platformVersion, slug } from './schemas';

export { SUPPORT_CLASSES };

export const fileBody = z.object({
  licenceKey,
  orgId,
  addon: slug,
  summary: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  description: z.string().trim().min(1, 'must not be empty').max(8000, 'at most 8000 characters'),
  contact: z
    .object({
      name: z.string().trim().max(200).optional(),
      email: z.string().trim().email('expected an e-mail address').max(200).optional(),
    })
    .optional(),
  environment: z.object({
    addonVersion,
    platformVersion,
    customisationsPresent: z.boolean({ message: 'expected true or false' }),
  }),
});
export const mineBody = z.object({ licenceKey, orgId });
export const listQuery = z.object({ customerId: z.string().min(1).max(100).optional(), status: z.enum(SUPPORT_STATUSES).optional() });
export const classificationBody = z.object({ classification: z.enum(SUPPORT_CLASSES), note: z.string().trim().max(2000).optional() });
export const noticeBody = z.object({ notifiedAt: instant });
export const approvalBody = z.object({ approvedAt: instant });
export const timeBody = z.object({
  from: instant,
  minutes: z.number().int('expected whole minutes').min(1).max(1440),
  note: z.string().trim().max(2000).optional(),
});
export const statementQuery = z.object({ month: z.string(), customerId: z.string().min(1).max(100).optional() });

function chargeInput(request: SupportRequestRecord, entries: SupportTimeEntryRecord[], customer: CustomerRecord, settings: VendorSettings) {
  const day = supportDiscountDay({ ...request, timeZone: settings.timeZone });
  return {
    ...(request.classification ? { classification: request.classification } : {}),
    entries: entries.filter((e) => e.requestId === request.id).map((e) => ({ from: e.from, minutes: e.minutes })),
    ...(request.notifiedAt ? { notifiedAt: request.notifiedAt } : {}),
    ...(request.approvedAt ? { approvedAt: request.approvedAt } : {}),
    hourlyRate: settings.supportHourlyRate,
    discountBp: supportDiscountBp(customer, settings, day),
  };
}

export function supportAddonRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/support-requests',
    route(async (req, res) => {
      const body = validate(fileBody, req.body);
      const { customer } = await licenceHolder(ctx, body.licenceKey);
      const org = await boundOrg(ctx, customer, body.orgId);
      const licences = await ctx.store.listLicences(customer.id);
      if (!licences.some((l) => l.addon === body.addon)) throw badRequest('invalid_input', `addon: the licence does not cover ${body.addon}`, 'addon');
      const contact = body.contact && (body.contact.name || body.contact.email) ? { ...(body.contact.name ? { name: body.contact.name } : {}), ...(body.contact.email ? { email: body.contact.email } : {}) } : undefined;
      const stored = await ctx.store.insertSupportRequest({
        id: newId('sr'),
        customerId: customer.id,
        orgId: org.orgId,
        addon: body.addon,
        summary: body.summary,
        description: body.description,
        ...(contact ? { contact } : {}),
        environment: { ...body.environment, platform: org.platform, orgUrl: org.orgUrl },
        status: 'open',
        createdAt: ctx.asOf(),
      });
      ctx.log.info({ customer: customer.id, org: org.orgId, request: stored.number }, 'support request filed');
      res.status(201).json({ id: stored.id, number: stored.number, status: stored.status, createdAt: stored.createdAt });
    }),
  );

  router.post(
    '/v1/support-requests/mine',
    route(async (req, res) => {
      const body = validate(mineBody, req.body);
      const { customer } = await licenceHolder(ctx, body.licenceKey);
      await boundOrg(ctx, customer, body.orgId);
      const requests = await ctx.store.listSupportRequests({ customerId: customer.id });
      res.json({
        requests: requests
          .reverse()
          .slice(0, 50)
          .map((r) => ({
            id: r.id,
            number: r.number,
            summary: r.summary,
            status: r.status,
            ...(r.classification ? { classification: r.classification } : {}),
            ...(r.notifiedAt ? { notifiedAt: r.notifiedAt } : {}),
            ...(r.approvedAt ? { approvedAt: r.approvedAt } : {}),
            createdAt: r.createdAt,
          })),
      });
    }),
  );

  return router;
}

export function supportRoutes(ctx: AppContext): Router {
  const router = Router();
  const roles = requireRole('billing', 'partner');

  /**
   * The request and its customer, if the caller may see that customer; else 404. `{id}` is the request's id or its
   * number, the one the configuration page tells the customer to quote (issue #13).
   */
  async function visibleRequest(req: Request): Promise<{ request: SupportRequestRecord; customer: CustomerRecord }> {
    const id = String(req.params.id);
    const request = /^[1-9]\d{0,8}$/.test(id)
      ? await ctx.store.findSupportRequestByNumber(Number(id))
      : id.length <= 100
        ? await ctx.store.getSupportRequest(id)
        : undefined;
    const customer = request ? await ctx.store.getCustomer(request.customerId) : undefined;
    // Another partner's request answers exactly as a missing one (issue #12).
    if (!request || !isCustomerVisible(req, customer)) throw notFound('support_request');
    return { request, customer };
  }

  async function detail(request: SupportRequestRecord, customer: CustomerRecord) {
    const entries = await ctx.store.listSupportTimeEntries([request.id]);
    const settings = await ctx.settings();
    return { ...request, customerName: customer.name, timeEntries: entries, charge: supportCharge(chargeInput(request, entries, customer, settings)) };
  }

  router.get(
    '/v1/support-requests',
    roles,
    route(async (req, res) => {
      const query = validate(listQuery, req.query);
      const scope = partnerScope(req);
      let requests = await ctx.store.listSupportRequests({ ...(query.customerId ? { customerId: query.customerId } : {}), ...(query.status ? { status: query.status } : {}) });
      if (scope !== undefined) {
        const own = new Set((await ctx.store.listCustomers(scope)).map((c) => c.id));
        requests = requests.filter((r) => own.has(r.customerId));
      }
      res.json({ requests });
    }),
  );

  router.get(
    '/v1/support-requests/:id',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      res.json(await detail(request, customer));
    }),
  );

  router.post(
    '/v1/support-requests/:id/classification',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      const body = validate(classificationBody, req.body);
      const updated = await ctx.store.updateSupportRequest(request.id, {
        classification: body.classification,
        classifiedAt: ctx.asOf(),
        ...(body.note !== undefined ? { classificationNote: body.note } : {}),
      });
      res.json(await detail(updated!, customer));
    }),
  );

  // SPEC §6: chargeable work bills from the moment the customer is told, and only after approval.
  router.post(
    '/v1/support-requests/:id/notice',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      const body = validate(noticeBody, req.body);
      const verdict = supportNoticeVerdict({ notifiedAt: body.notifiedAt, ...(request.approvedAt !== undefined ? { approvedAt: request.approvedAt } : {}), asOf: ctx.asOf(), filedAt: request.createdAt });
      if (verdict.kind === 'refused') throw refused(verdict);
      const updated = await ctx.store.updateSupportRequest(request.id, { notifiedAt: body.notifiedAt });
      res.json(await detail(updated!, customer));
    }),
  );

  router.post(
    '/v1/support-requests/:id/approval',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      const body = validate(approvalBody, req.body);
      const verdict = supportApprovalVerdict({ approvedAt: body.approvedAt, ...(request.notifiedAt !== undefined ? { notifiedAt: request.notifiedAt } : {}), asOf: ctx.asOf() });
      if (verdict.kind === 'refused') throw refused(verdict);
      const updated = await ctx.store.updateSupportRequest(request.id, { approvedAt: body.approvedAt });
      res.json(await detail(updated!, customer));
    }),
  );

  router.post(
    '/v1/support-requests/:id/time',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      const body = validate(timeBody, req.body);
      // license-core decides which start instants are acceptable (D45).
      const check = checkTimeEntry({ from: body.from, createdAt: request.createdAt, asOf: ctx.clock.now().toISOString() });
      if (!check.allowed && check.reason === 'in_future') throw badRequest('invalid_input', 'from: work cannot start in the future', 'from');
      if (!check.allowed) throw badRequest('invalid_input', `from: more than a day before the request was filed (${request.createdAt}); the earliest is ${check.earliest}`, 'from');
      const apiKey = req.apiKey;
      const entry: SupportTimeEntryRecord = {
        id: newId('ste'),
        requestId: request.id,
        from: body.from,
        minutes: body.minutes,
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(apiKey?.name ? { loggedBy: apiKey.name } : {}),
        createdAt: ctx.asOf(),
      };
      await ctx.store.insertSupportTimeEntry(entry);
      res.status(201).json(await detail(request, customer));
    }),
  );

  router.post(
    '/v1/support-requests/:id/close',
    roles,
    route(async (req, res) => {
      const { request, customer } = await visibleRequest(req);
      if (request.status === 'closed') throw conflict('already_closed', `request ${request.number} was closed at ${request.closedAt}`);
      const updated = await ctx.store.updateSupportRequest(request.id, { status: 'closed', closedAt: ctx.asOf() });
      res.json(await detail(updated!, customer));
    }),
  );

  router.get(
    '/v1/support/statement',
    roles,
    route(async (req, res) => {
      const query = validate(statementQuery, req.query);
      const settings = await ctx.settings();
      monthBounds(query.month, settings.timeZone);
      const scope = partnerScope(req);
      const customers = new Map((await ctx.store.listCustomers(scope)).map((c) => [c.id, c]));
      if (query.customerId !== undefined && !customers.has(query.customerId)) throw notFound('customer', 'customerId');
      const requests = (await ctx.store.listSupportRequests(query.customerId ? { customerId: query.customerId } : {})).filter((r) => customers.has(r.customerId));
      const entries = await ctx.store.listSupportTimeEntries(requests.map((r) => r.id));
      const rows = [];
      for (const request of requests) {
        const customer = customers.get(request.customerId)!;
        const m = supportChargeInMonth({ ...chargeInput(request, entries, customer, settings), month: query.month, timeZone: settings.timeZone });
        if (m.loggedMinutes === 0 && m.billableSeconds === 0) continue;
        rows.push({
          id: request.id,
          number: request.number,
          customerId: request.customerId,
          summary: request.summary,
          classification: request.classification ?? null,
          loggedMinutes: m.loggedMinutes,
          billableSeconds: m.billableSeconds,
          amount: m.amount,
          note: m.toDate.note,
        });
      }
      // SPEC §6: the sums per customer and currency and per currency are license-core's.
      const statement = supportStatementTotals(rows);
      res.json({
        month: query.month,
        timeZone: settings.timeZone,
        hourlyRate: settings.supportHourlyRate,
        requests: statement.lines,
        customers: statement.customers.map((c) => ({ customerId: c.customerId, customerName: customers.get(c.customerId)!.name, loggedMinutes: c.loggedMinutes, billableSeconds: c.billableSeconds, amount: c.amount, billableMinutes: c.billableMinutes })),
        totals: statement.totals,
      });
    }),
  );

  return router;
}
