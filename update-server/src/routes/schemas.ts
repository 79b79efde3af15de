/**
 * The zod building blocks of the request bodies. Formats are checked with license-core's own parsers, so the
 * server and the rule book agree on what a date, an instant or a version is.
 */
import {
  CONTRACT_PLANS,
  MONEY_CEILING,
  parseAddonVersion,
  parseCalendarDate,
  parseInstant,
  parsePlatformVersion,
  PLATFORMS,
  RELEASE_KINDS,
} from '@crm-assurance/license-core';
import { z } from 'zod';

function accepts(parse: (v: unknown) => unknown): (v: string) => boolean {
  return (v) => {
    try {
      parse(v);
      return true;
    } catch {
      return false;
    }
  };
}

export const calendarDate = z.string().refine(accepts((v) => parseCalendarDate(v)), { message: 'expected a calendar date YYYY-MM-DD' });
export const instant = z
  .string()
  .refine(accepts((v) => parseInstant(v)), { message: 'expected an ISO 8601 instant such as 2026-03-15T09:30:00Z' })
  .transform((v) => parseInstant(v));
export const platform = z.enum(PLATFORMS);
export const lineName = z.string().regex(/^(saas~)?\d{1,9}\.\d{1,9}$/, 'expected a version line such as 9.2');
export const addonVersion = z.string().refine(accepts((v) => parseAddonVersion(v)), { message: 'expected a version of 2 to 4 numeric parts such as 1.4.0.0' });
export const platformVersion = z.string().refine(accepts((v) => parsePlatformVersion(v)), { message: 'expected a platform version such as 9.2.24012.196' });
export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected 1 to 40 lower-case letters, digits or dashes');
export const shortText = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
export const tag = z.string().trim().min(1).max(40);
export const releaseKind = z.enum(RELEASE_KINDS);
/** An amount of minor units as a request carries it: an integer from 0 up to the money ceiling (decision U33). */
export const moneyAmount = z
  .number()
  .int('expected an integer number of minor units')
  .nonnegative()
  .max(MONEY_CEILING, `at most ${MONEY_CEILING} minor units (the money ceiling)`);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR');
export const money = z.object({
  amount: moneyAmount,
  currency: currencyCode,
});
export const orgId = z.string().trim().min(1).max(100);
export const licenceKey = z.string().trim().min(10).max(64);
export const contractPlan = z.enum(CONTRACT_PLANS);
/** A maintenance agreement's prices (SPEC §7); all amounts in one currency. */
export const maintenanceTerms = z
  .object({
    base: money,
    ratePerLine: money,
    upgradeFee: money,
    supportDiscountBp: z.number().int().min(0).max(10_000),
  })
  .refine((m) => m.ratePerLine.currency === m.base.currency && m.upgradeFee.currency === m.base.currency, {
    message: 'base, ratePerLine and upgradeFee must be in one currency',
    path: ['ratePerLine', 'currency'],
  });
export const linesOfCode = z.number().int('expected a whole number of lines').min(0).max(1_000_000_000);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * An org's address, signed into its licence: https, or http on loopback only (a developer's or the demo's org).
 * `javascript:`, `data:`, `file:` and the like are refused, and so are credentials in the URL (issue #12).
 */
export const orgUrl = z
  .string()
  .trim()
  .max(300, 'at most 300 characters')
  .refine(
    (v) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        return false;
      }
      if (url.username !== '' || url.password !== '') return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    },
    { message: 'expected the org URL over https, such as https://contoso.crm4.dynamics.com (http only on loopback)' },
  );
