/** SPEC §2: extraordinary termination, once (termination.ts). */
import { terminationRequest } from '../../src';

it('terminates at the instant given, once', () => {
  expect(terminationRequest({ at: '2026-06-01T10:00:00.000Z' })).toEqual({ kind: 'terminates', at: '2026-06-01T10:00:00.000Z' });
  expect(terminationRequest({ terminatedAt: '2026-05-01T10:00:00.000Z', at: '2026-06-01T10:00:00.000Z' })).toEqual({
    kind: 'refused',
    code: 'already_terminated',
    message: 'terminated already at 2026-05-01T10:00:00.000Z',
  });
});
