// SPEC §3/§4 reason codes in the plain words an admin reads.
import { describeReason, InvalidInputError, REASON_CODES, type IneligibleReason } from '../../src';

const ALL: IneligibleReason[] = [
  'not_licensed',
  'feature_not_licensed',
  'assurance_terminated',
  'not_covered',
  'not_paid',
  'hotfix_requires_agreement',
  'platform_incompatible',
  'legacy_window_closed',
  'legacy_patch_only',
  'not_targeted',
];

describe('describeReason', () => {
  it('knows exactly the reason codes of SPEC §3, in their order', () => {
    expect(REASON_CODES).toEqual(ALL);
  });

  it('not_paid tells the admin to pay the open invoice', () => {
    expect(describeReason('not_paid', { version: '3.0' })).toBe(
      'Version 3.0 was released while your Software Assurance renewal is unpaid. Pay the open invoice to get it.',
    );
  });

  it('gives each code its own sentence naming the version, without codes or jargon', () => {
    const texts = ALL.map((code) => describeReason(code, { version: '2.4.1.0' }));
    expect(new Set(texts).size).toBe(ALL.length);
    for (const [i, text] of texts.entries()) {
      expect(text).toMatch(/^Version 2\.4\.1\.0 /);
      expect(text).not.toContain(ALL[i]);
      expect(text).not.toMatch(/_|tenant|coverage interval|basis point|\bSPEC\b/i);
      expect(text.endsWith('.')).toBe(true);
    }
  });

  it('says what to do', () => {
    expect(describeReason('not_licensed', { version: '1.0' })).toContain('buy');
    expect(describeReason('legacy_patch_only', { version: '1.0' })).toContain('upgrade your CRM');
    expect(describeReason('hotfix_requires_agreement', { version: '1.0' })).toContain('maintenance agreement');
    expect(describeReason('legacy_window_closed', { version: '1.0' })).toContain('Upgrade your CRM');
    expect(describeReason('not_covered', { version: '1.0' })).toContain('Renew');
  });

  it('works without a release', () => {
    expect(describeReason('not_paid')).toBe('This update was released while your Software Assurance renewal is unpaid. Pay the open invoice to get it.');
  });

  it('rejects an unknown code', () => {
    expect(() => describeReason('expired' as IneligibleReason)).toThrow(InvalidInputError);
    expect(() => describeReason('toString' as IneligibleReason)).toThrow('reason: unknown reason code "toString"');
  });
});
