/**
 * Decision U78: a cold start answers /healthz before any renewal billing run; the first run starts
 * `firstBillingDelayMs` after listen, runs once at a time (U62, `waitMs: 0`), and /healthz answers while it is pending.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import * as renewalBilling from '../src/renewal-billing';
import { initDataDir, startServer, type RunningServer } from '../src/server';

let dataDir = '';
let server: RunningServer | undefined;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-start-'));
  await initDataDir({ dataDir, vendorId: 'northwind', vendorName: 'Northwind Add-ons' });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await server?.close({ graceMs: 100 });
  server = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const waitFor = async (done: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
};

test('the first /healthz is answered before the billing run starts, and while it is pending', async () => {
  let finish: () => void = () => undefined;
  const billing = jest.spyOn(renewalBilling, 'runRenewalBilling').mockImplementation(
    () =>
      new Promise((resolve) => {
        finish = () => resolve({ date: '2026-03-15', issued: [], skipped: [], busy: false } as unknown as Awaited<ReturnType<typeof renewalBilling.runRenewalBilling>>);
      }),
  );
  server = await startServer({ dataDir, log: pino({ level: 'silent' }), config: { firstBillingDelayMs: 300 } });
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  // Nothing billed before the first health check was answered.
  expect(billing).not.toHaveBeenCalled();

  await waitFor(() => billing.mock.calls.length > 0, 'the first billing run');
  // Exclusive: the hourly run never waits for another instance's run (U62).
  expect(billing.mock.calls[0]![6]).toEqual({ waitMs: 0 });
  // The run is pending; the server still answers.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect(billing).toHaveBeenCalledTimes(1);
  finish();
});

test('a server stopped before the first run never starts it', async () => {
  const billing = jest.spyOn(renewalBilling, 'runRenewalBilling');
  server = await startServer({ dataDir, log: pino({ level: 'silent' }), config: { firstBillingDelayMs: 200 } });
  await server.close({ graceMs: 100 });
  await new Promise((r) => setTimeout(r, 400));
  expect(billing).not.toHaveBeenCalled();
});
