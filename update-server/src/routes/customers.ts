/**
 * Customers: `POST /v1/customers`, `GET /v1/customers`, `GET /v1/customers/{id}`,
 * `GET /v1/customers/{id}/contract` (periods, status, next invoice date, cancellation deadline, coverage) and
 * `GET /v1/customers/{id}/releases/{releaseId}/eligibility` (the `assurance explain` answer).
 * A partner key creates customers for itself and sees only its own.
 */
import {
  buildForLine as otherBuildForLine,
  calendarDateOf,
  contractCalendar,
  creditBalances,
  describeReason,
  eligibilityTarget,
  evaluateRelease,
  parsePlatformVersion,
  planChange,
} from '@crm-assurance/license-core';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { badRequest, forbidden, notFound, refused, route, validate } from '../api-error';
import { requireMaintenancePrices } from '../contract-billing';
import type { AppContext } from '../app-context';
import { newId } from '../app-context';
import { assertCustomerVisible, assertMayAgreeMaintenancePrices, partnerScope, requireRole } from '../auth/vendor-auth';
import { contractOf, coverageOf, loadAccount, planOf, tenantContext } from '../customer-account';
import type { CustomerRecord } from '../store/store';
import { contractPlan, maintenanceTerms, platformVersion, shortText, slug, tag } from './schemas';

export const customerBody = z.object({
  /** Decision U47: a vendor's own id for the customer (e.g. its CRM account number); default a generated `cus_…`. */
  id: slug.optional(),
  name: shortText,
  /** The plan the first order starts (default calendar-year, SPEC §2). */
  plan: contractPlan.optional(),
  maintenance: maintenanceTerms.optional(),
  region: tag.optional(),
  language: tag.optional(),
  edition: tag.optional(),
  channel: tag.optional(),
  partnerId: tag.optional(),
});

export const planBody = z.object({ plan: contractPlan, maintenance: maintenanceTerms.optional() });

export const explainQuery = z.object({
  platformVersion: platformVersion.optional(),
  orgId: z.string().min(1).max(100).optional(),
  region: tag.optional(),
  language: tag.optional(),
});

/** Loads a customer the caller may see, or 404. */
export async function visibleCustomer(ctx: AppContext, req: Request, id: unknown): Promise<CustomerRecord> {
  const customer = typeof id === 'string' && id.length <= 100 ? await ctx.store.getCustomer(id) : undefined;
  return assertCustomerVisible(req, customer);
}

export function customerView(c: CustomerRecord): Record<string, unknown> {
  return { ...c };
}

export function customerRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    '/v1/customers',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const body = validate(customerBody, req.body);
      assertMayAgreeMaintenancePrices(req, body.maintenance);
      const scope = partnerScope(req);
      if (scope !== undefined && body.partnerId !== undefined && body.partnerId !== scope) {
        throw badRequest('invalid_input', 'partnerId: a partner key creates customers for its own partner id only', 'partnerId');
      }
      // U47: a partner key cannot choose ids: a taken id would tell it that another partner's customer exists (U30).
      if (scope !== undefined && body.id !== undefined) throw forbidden('forbidden', 'id: customer ids of partner customers are generated', 'id');
      const partnerId = scope ?? body.partnerId;
      if (body.plan !== undefined) requireMaintenancePrices(body.plan, body.maintenance);
      const customer: CustomerRecord = {
        id: body.id ?? newId('cus'),
        name: body.name,
        createdAt: ctx.asOf(),
        ...(body.region !== undefined ? { region: body.region } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
        ...(body.edition !== undefined ? { edition: body.edition } : {}),
        ...(body.channel !== undefined ? { channel: body.channel } : {}),
        ...(partnerId !== undefined ? { partnerId } : {}),
        ...(body.plan !== undefined ? { plan: body.plan } : {}),
        ...(body.maintenance !== undefined ? { maintenance: body.maintenance } : {}),
      };
      await ctx.store.insertCustomer(customer);
      res.status(201).json(customerView(customer));
    }),
  );

  router.get(
    '/v1/customers',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customers = await ctx.store.listCustomers(partnerScope(req));
      res.json({ customers: customers.map(customerView) });
    }),
  );

  router.get(
    '/v1/customers/:id',
    requireRole('billing', 'partner', 'publisher'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const [keys, orgs, licences, installs] = await Promise.all([
        ctx.store.listLicenceKeys(customer.id),
        ctx.store.listOrgs(customer.id),
        ctx.store.listLicences(customer.id),
        ctx.store.listInstalls(customer.id),
      ]);
      res.json({
        ...customerView(customer),
        licenceKeys: keys.map(({ keyHash: _h, customerId: _c, ...k }) => k),
        licences: licences.map(({ customerId: _c, ...l }) => l),
        orgs,
        installs: installs.slice(-50),
      });
    }),
  );

  // The plan is chosen before the first order; afterwards it changes only by re-concluding (SPEC §5).
  router.put(
    '/v1/customers/:id/plan',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const body = validate(planBody, req.body);
      assertMayAgreeMaintenancePrices(req, body.maintenance);
      const maintenance = body.maintenance ?? customer.maintenance;
      // license-core's plan lock; the store applies it again atomically (another order may start the contract meanwhile).
      const change = planChange({ ...(customer.contractStart !== undefined ? { contractStart: customer.contractStart } : {}), plan: body.plan, ...(maintenance ? { maintenance } : {}) });
      if (change.kind === 'refused') throw refused(change);
      if (!(await ctx.store.setCustomerPlan(customer.id, change.plan, change.maintenance))) {
        // An order started the contract meanwhile: the same lock, naming the start the store holds now.
        const stored = await ctx.store.getCustomer(customer.id);
        const locked = planChange({ contractStart: stored?.contractStart ?? '?', plan: change.plan, ...(change.maintenance ? { maintenance: change.maintenance } : {}) });
        if (locked.kind === 'refused') throw refused(locked);
        throw new Error('setCustomerPlan refused a plan change license-core allows');
      }
      res.json(customerView((await ctx.store.getCustomer(customer.id))!));
    }),
  );

  router.get(
    '/v1/customers/:id/contract',
    requireRole('billing', 'partner'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const settings = await ctx.settings();
      const asOf = ctx.asOf();
      const account = await loadAccount(ctx.store, customer);
      const status = contractOf(account, settings, asOf);
      if (!status || customer.contractStart === undefined) {
        res.json({ customerId: customer.id, status: 'none', periods: [], coverage: [], openInvoices: [] });
        return;
      }
      // The contract calendar (SPEC §2 periods; SPEC §5, §7 terms and billing intervals) is license-core's.
      const plan = planOf(customer);
      const start = customer.contractStart;
      const calendar = contractCalendar({
        plan,
        start,
        today: calendarDateOf(asOf, settings.timeZone),
        ...(customer.cancellation ? { effectiveEnd: customer.cancellation.effectiveEnd } : {}),
        ...(customer.terminatedAt ? { terminatedOn: calendarDateOf(customer.terminatedAt, settings.timeZone) } : {}),
      });
      const credit = creditBalances(await ctx.store.listCreditEntries(customer.id));
      res.json({
        customerId: customer.id,
        plan,
        ...(customer.maintenance ? { maintenance: customer.maintenance } : {}),
        contractStart: customer.contractStart,
        ...(calendar.billingInterval ? { billingInterval: calendar.billingInterval } : {}),
        ...(customer.previousAgreements ? { previousAgreements: customer.previousAgreements } : {}),
        creditBalance: credit,
        status: status.status,
        ...(status.currentPeriod ? { currentPeriod: status.currentPeriod } : {}),
        periods: calendar.periods,
        ...(status.paidThrough ? { paidThrough: status.paidThrough } : {}),
        ...(status.nextInvoiceOn ? { nextInvoiceOn: status.nextInvoiceOn } : {}),
        ...(status.cancellationDeadline ? { cancellationDeadline: status.cancellationDeadline } : {}),
        ...(customer.cancellation ? { cancellation: customer.cancellation } : {}),
        ...(status.cancelledEffectiveEnd ? { cancelledEffectiveEnd: status.cancelledEffectiveEnd } : {}),
        ...(customer.terminatedAt ? { terminatedAt: customer.terminatedAt, terminationReason: customer.terminationReason } : {}),
        coverage: coverageOf(account, settings, asOf),
        openInvoices: status.openInvoices.map((i) => ({ id: i.id, kind: i.kind, issuedOn: i.issuedOn, periodStart: i.periodStart, periodEnd: i.periodEnd, total: i.total })),
        licences: account.licences.map(({ customerId: _c, ...l }) => l),
        asOf,
      });
    }),
  );

  router.get(
    '/v1/customers/:id/releases/:releaseId/eligibility',
    requireRole('billing', 'partner', 'publisher'),
    route(async (req, res) => {
      const customer = await visibleCustomer(ctx, req, req.params.id);
      const release = await ctx.store.getRelease(String(req.params.releaseId));
      if (!release) throw notFound('release', 'releaseId');
      const query = validate(explainQuery, req.query);
      // Which org and version to judge (the newest line the release targets when there is neither) is license-core's.
      const judged = eligibilityTarget({
        orgs: await ctx.store.listOrgs(customer.id),
        releaseLines: release.lines,
        ...(query.orgId !== undefined ? { orgId: query.orgId } : {}),
        ...(query.platformVersion !== undefined ? { platformVersion: query.platformVersion } : {}),
      });
      if (judged.kind === 'org_not_found') throw notFound('org', 'orgId');
      const { org, platformVersion: version, assumedPlatformVersion: assumed } = judged;
      const target = parsePlatformVersion(version, release.platform, 'platformVersion');
      const settings = await ctx.settings();
      const asOf = ctx.asOf();
      const account = await loadAccount(ctx.store, customer);
      const tenant = tenantContext(account, settings, asOf, {
        platform: target.platform,
        platformVersion: version,
        ...(query.region !== undefined ? { region: query.region } : {}),
        ...(query.language !== undefined ? { language: query.language } : {}),
      });
      const lines = await ctx.store.listPlatformLines();
      const verdict = evaluateRelease({ release, tenant, lines, asOf, timeZone: settings.timeZone });
      // Issue #9: when this build is not for the judged line, name the build of the same version that is.
      const buildForLine =
        !verdict.eligible && verdict.reason === 'platform_incompatible'
          ? otherBuildForLine(release, await ctx.store.listReleases(release.addon), target.platform, target.line)
          : undefined;
      res.json({
        customerId: customer.id,
        releaseId: release.id,
        addon: release.addon,
        version: release.version,
        platform: target.platform,
        platformVersion: version,
        line: target.line,
        ...(org && query.platformVersion === undefined ? { orgId: org.orgId } : {}),
        ...(assumed ? { assumedPlatformVersion: true } : {}),
        asOf,
        eligible: verdict.eligible,
        ...(verdict.eligible ? {} : { reason: verdict.reason }),
        ...(buildForLine ? { buildForLine: buildForLine.id } : {}),
        message: verdict.eligible
          ? `Version ${release.version} may be downloaded by this customer.`
          : `${describeReason(verdict.reason, release)}${buildForLine ? ` The ${target.line} build of this version is ${buildForLine.id}.` : ''}`,
      });
    }),
  );

  return router;
}
