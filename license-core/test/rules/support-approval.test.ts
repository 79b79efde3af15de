import { checkTimeEntry, supportApprovalVerdict, supportNoticeVerdict } from '../../src';

describe('support notice and approval (SPEC §6)', () => {
  const asOf = '2026-11-10T12:00:00Z';

  it('records a notice in the past, and refuses one in the future', () => {
    expect(supportNoticeVerdict({ notifiedAt: '2026-11-10T11:00:00Z', asOf })).toEqual({ kind: 'recorded' });
    expect(supportNoticeVerdict({ notifiedAt: '2026-11-10T12:00:01Z', asOf })).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'notifiedAt' });
  });

  it('refuses a notice later than an approval already recorded', () => {
    expect(supportNoticeVerdict({ notifiedAt: '2026-11-10T11:00:00Z', approvedAt: '2026-11-10T10:00:00Z', asOf })).toMatchObject({
      kind: 'refused',
      code: 'approval_before_notice',
      field: 'notifiedAt',
    });
    expect(supportNoticeVerdict({ notifiedAt: '2026-11-10T10:00:00Z', approvedAt: '2026-11-10T10:00:00Z', asOf })).toEqual({ kind: 'recorded' });
  });

  it('needs a notice before an approval', () => {
    expect(supportApprovalVerdict({ approvedAt: '2026-11-10T11:00:00Z', asOf })).toMatchObject({ kind: 'refused', code: 'notice_missing', field: 'approvedAt' });
  });

  it('refuses an approval before the notice or in the future, and records one in between', () => {
    const notifiedAt = '2026-11-10T09:00:00Z';
    expect(supportApprovalVerdict({ approvedAt: '2026-11-10T08:59:59Z', notifiedAt, asOf })).toMatchObject({ kind: 'refused', code: 'invalid_input', message: `approvedAt: before the notice at ${notifiedAt}` });
    expect(supportApprovalVerdict({ approvedAt: '2026-11-10T12:00:01Z', notifiedAt, asOf })).toMatchObject({ kind: 'refused', code: 'invalid_input', message: 'approvedAt: cannot lie in the future' });
    expect(supportApprovalVerdict({ approvedAt: notifiedAt, notifiedAt, asOf })).toEqual({ kind: 'recorded' });
  });
});

describe('a notice and a time entry share one earliest instant (D45, issue #13)', () => {
  const asOf = '2026-11-21T12:00:00Z';
  const filedAt = '2026-11-20T09:00:00Z';
  test('a notice more than a day before the filing is refused, naming the earliest; a day before is fine', () => {
    const early = supportNoticeVerdict({ notifiedAt: '2026-11-19T08:59:59Z', asOf, filedAt });
    expect(early).toMatchObject({ kind: 'refused', code: 'invalid_input', field: 'notifiedAt' });
    expect(early.kind === 'refused' && early.message).toContain('2026-11-19T09:00:00.000Z');
    expect(supportNoticeVerdict({ notifiedAt: '2026-11-19T09:00:00Z', asOf, filedAt })).toEqual({ kind: 'recorded' });
    expect(checkTimeEntry({ from: '2026-11-19T09:00:00Z', createdAt: filedAt, asOf })).toEqual({ allowed: true });
  });
});
