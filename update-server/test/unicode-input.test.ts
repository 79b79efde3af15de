/**
 * Text that is not valid Unicode (a lone UTF-16 surrogate, which JSON's \ud800 escape can carry) is refused with a
 * 400 naming the field, instead of being silently replaced when stored (issue #12). Real surrogate pairs are kept.
 */
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a lone surrogate is refused, naming the field, and nothing is stored', async () => {
  for (const [body, field] of [
    [{ name: 'Contoso \ud800' }, 'name'],
    [{ name: 'Contoso', region: '\udc00EU' }, 'region'],
  ] as const) {
    const res = await h.call('POST', '/v1/customers', body);
    expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ status: 400, code: 'invalid_input', field });
    expect(res.body.error.message).toContain('lone UTF-16 surrogate');
  }
  expect((await h.call('GET', '/v1/customers')).body.customers).toEqual([]);
});

test('a surrogate pair (an emoji) is stored exactly', async () => {
  const res = await h.call('POST', '/v1/customers', { name: 'Contoso \ud83d\ude80' });
  expect(res.status).toBe(201);
  expect((await h.call('GET', `/v1/customers/${res.body.id}`)).body.name).toBe('Contoso 🚀');
});
