/** SPEC §2: one production org and its sandboxes per customer (org-binding.ts). */
import { orgBinding, orgBindingRefusal, orgsAllowed } from '../../src';

const org = (customerId: string, environment: 'production' | 'sandbox', activatedAt = '2026-05-01T10:00:00Z') => ({ orgId: 'org-1', customerId, environment, activatedAt });

it('one production org; the vendor sets how many sandboxes', () => {
  expect(orgsAllowed('production', 5)).toBe(1);
  expect(orgsAllowed('sandbox', 2)).toBe(2);
});

it('a new org is bound while its environment has room', () => {
  expect(orgBinding({ candidate: org('cus_1', 'production'), boundInEnvironment: 0, sandboxOrgsAllowed: 2 })).toEqual({ kind: 'bound', org: org('cus_1', 'production') });
  expect(orgBinding({ candidate: org('cus_1', 'sandbox'), boundInEnvironment: 1, sandboxOrgsAllowed: 2 }).kind).toBe('bound');
  expect(orgBinding({ candidate: org('cus_1', 'production'), boundInEnvironment: 1, sandboxOrgsAllowed: 2 })).toEqual({ kind: 'limit', environment: 'production', allowed: 1 });
  expect(orgBinding({ candidate: org('cus_1', 'sandbox'), boundInEnvironment: 2, sandboxOrgsAllowed: 2 })).toEqual({ kind: 'limit', environment: 'sandbox', allowed: 2 });
});

it("the customer's own org is refreshed, keeping its environment and first activation; another's is refused", () => {
  const existing = org('cus_1', 'sandbox', '2026-01-01T00:00:00Z');
  expect(orgBinding({ candidate: org('cus_1', 'production'), existing, boundInEnvironment: 1, sandboxOrgsAllowed: 0 })).toEqual({
    kind: 'updated',
    org: { ...org('cus_1', 'production'), environment: 'sandbox', activatedAt: '2026-01-01T00:00:00Z' },
  });
  expect(orgBinding({ candidate: org('cus_2', 'production'), existing, boundInEnvironment: 0, sandboxOrgsAllowed: 2 })).toEqual({ kind: 'other_customer' });
});

it('the refusals name the org and the limit', () => {
  expect(orgBindingRefusal({ kind: 'other_customer' })).toEqual({ kind: 'refused', code: 'org_bound_elsewhere', field: 'orgId', message: 'this organisation is activated with another customer’s licence' });
  expect(orgBindingRefusal({ kind: 'limit', environment: 'production', allowed: 1 }).message).toBe('the licence is already bound to 1 production org; release one or ask the vendor');
  expect(orgBindingRefusal({ kind: 'limit', environment: 'sandbox', allowed: 2 })).toMatchObject({ code: 'org_limit_reached', message: 'the licence is already bound to 2 sandbox orgs; release one or ask the vendor' });
});
