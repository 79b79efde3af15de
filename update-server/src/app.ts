/**
 * The Express app: `createApp({ store, artifacts, signer, config, clock, downloadSecret })`. No I/O happens
 * here besides what requests ask for; server.ts opens a data directory and listens.
 *
 * Layout of the middleware: helmet → logging/metrics → health, metrics, OpenAPI → add-on side (CORS for the
 * configured CRM origins, rate limit, no vendor key) → vendor side (Bearer API key, roles) → JSON 404 / errors.
 */
import type { Signer } from '@crm-assurance/license-core/node';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import pino, { type Logger } from 'pino';
import { errorBody, errorHandler, route } from './api-error';
import type { AppContext } from './app-context';
import type { ArtifactStore } from './artifacts/artifact-store';
import { authenticate } from './auth/vendor-auth';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import { createDownloadTokens } from './download-token';
import { createMetrics, type Metrics } from './metrics';
import { activationRoutes } from './routes/activation';
import { addonRoutes } from './routes/addons';
import { apiKeyRoutes } from './routes/api-keys';
import { billingRoutes } from './routes/billing';
import { cancellationRoutes } from './routes/cancellation';
import { customerRoutes } from './routes/customers';
import { downloadRoutes } from './routes/downloads';
import { entitlementRoutes } from './routes/entitlement';
import { fleetRoutes } from './routes/fleet';
import { fleetInstallRoutes } from './routes/fleet-installs';
import { overviewRoutes } from './routes/overview';
import { installRoutes } from './routes/installs';
import { invoiceRoutes } from './routes/invoices';
import { licenceKeyRoutes } from './routes/licence-keys';
import { orderRoutes } from './routes/orders';
import { paymentRoutes } from './routes/payments';
import { platformLineRoutes } from './routes/platform-lines';
import { priceListRoutes } from './routes/price-list';
import { releaseRoutes } from './routes/releases';
import { creditRoutes } from './routes/credits';
import { maintenanceUpgradeRoutes } from './routes/maintenance-upgrades';
import { reconclusionRoutes } from './routes/reconclusion';
import { supportAddonRoutes, supportRoutes } from './routes/support-requests';
import { terminationRoutes } from './routes/termination';
import { updateRoutes } from './routes/updates';
import { vendorSettingsRoutes } from './routes/vendor-settings';
import { createSignedDocuments } from './signed-documents';
import { certificateHealth } from './signing-keys';
import type { Store, VendorSettings } from './store/store';
import { onUse } from './on-use';
import { consoleRoutes, DEFAULT_CONSOLE_DIR } from './console/console-routes';
import { createConsoleSessions, DEFAULT_SESSION_LIMITS } from './console/console-session';


/** The proxies whose X-Forwarded-* headers count when `trustProxy` is on (Express's named subnets, U66). */
export const TRUSTED_PROXIES = 'loopback, linklocal, uniquelocal';
export interface AppDependencies {
  store: Store;
  artifacts: ArtifactStore;
  signer: Signer;
  /** Serials of revoked signing certificates, listed in every manifest (signing-keys.ts, decision S18). */
  revokedCerts?: readonly string[];
  config: ServerConfig;
  clock: Clock;
  /** The HMAC secret of download tokens (32+ bytes, kept in the data dir). */
  downloadSecret: Buffer;
  log?: Logger;
  metrics?: Metrics;
}

export type AssuranceApp = express.Express & { locals: { ctx: AppContext } };

/** The add-on side: called from the CRM's browser page, so CORS for the configured origins. */
const ADDON_PATHS = ['/v1/activate', '/v1/entitlement', '/v1/updates/check', '/v1/installs', '/v1/support-requests'];
const DOWNLOAD_PATH = '/v1/downloads';

/** Route label for logs and metrics: never the download token. */
function routeLabel(req: Request): string {
  if (req.path.startsWith(`${DOWNLOAD_PATH}/`)) return `${DOWNLOAD_PATH}/:token`;
  const matched = (req as Request & { route?: { path?: string } }).route?.path;
  return typeof matched === 'string' ? matched : req.path.split('/').slice(0, 3).join('/');
}

export function createApp(deps: AppDependencies): AssuranceApp {
  const log = deps.log ?? pino({ level: deps.config.logLevel });
  const metrics = deps.metrics ?? createMetrics();
  let cachedSettings: VendorSettings | undefined;
  const ctx: AppContext = {
    store: deps.store,
    artifacts: deps.artifacts,
    documents: createSignedDocuments(deps.signer, deps.clock, metrics, deps.revokedCerts ?? []),
    tokens: createDownloadTokens(deps.downloadSecret),
    clock: deps.clock,
    config: deps.config,
    log,
    metrics,
    async settings() {
      if (cachedSettings) return cachedSettings;
      const settings = await deps.store.getSettings();
      if (!settings) throw new Error('the store has no vendor settings: run `assurance-server init` first');
      cachedSettings = settings;
      return settings;
    },
    settingsChanged() {
      cachedSettings = undefined;
    },
    asOf: () => deps.clock.now().toISOString(),
  };

  const app = express() as AssuranceApp;
  app.locals.ctx = ctx;
  app.disable('x-powered-by');
  // Decision U66: behind a reverse proxy, X-Forwarded-* are believed only from a proxy on this machine or the private
  // network (nginx, a container bridge), never from anyone: else a client could name any address and walk past the
  // per-client rate limit of the add-on routes.
  app.set('trust proxy', deps.config.trustProxy ? TRUSTED_PROXIES : false);
  app.set('etag', false);
  app.use(
    helmet({
      // The add-on's page on the CRM's origin fetches JSON and artifacts from here.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );

  // Structured request log and metrics.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const label = routeLabel(req);
      metrics.httpRequests.inc({ method: req.method, route: label, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route: label }, seconds);
      if (label !== '/healthz' && label !== '/metrics') {
        log.info({ method: req.method, route: label, status: res.statusCode, ms: Math.round(seconds * 1000), key: req.apiKey?.id }, 'request');
      }
    });
    next();
  });

  // Decision U39: the store answers, and the signing certificate is valid (degraded 30 days before it expires;
  // failing, 503, once it has: every document signed with it would be refused by the add-ons).
  app.get('/healthz', route(async (_req, res) => {
    await deps.store.manifestSerial();
    const signer = ctx.documents.signer();
    const facts = { serial: signer.certificateSerial, notBefore: signer.certificateNotBefore.toISOString(), notAfter: signer.certificateNotAfter.toISOString() };
    const cert = certificateHealth(facts, deps.clock.now());
    const status = cert.status === 'expired' ? 'failing' : cert.status === 'expiring' ? 'degraded' : 'ok';
    res.status(status === 'failing' ? 503 : 200).json({
      status,
      time: ctx.asOf(),
      signingCertificate: { ...facts, ...cert },
      revokedCertificates: ctx.documents.revokedCerts().length,
    });
  }));
  app.get('/metrics', route(async (_req, res) => {
    const signer = ctx.documents.signer();
    metrics.signingCertificateExpiry.reset();
    metrics.signingCertificateExpiry.set({ serial: signer.certificateSerial }, Math.floor(signer.certificateNotAfter.getTime() / 1000));
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  }));
  // Decision U78: the document and the answer schemas it is made of load on its first request, not at every start
  // (they were a third of a cold start).
  app.get('/v1/openapi.json', route(async (_req, res) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (on-use.ts)
    res.json(onUse<typeof import('./openapi')>(() => require('./openapi')).openApiDocument());
  }));

  // CORS for the add-on side and downloads: only the configured CRM origins.
  const cors = route(async (req, res, next) => {
    const origin = req.get('origin');
    if (origin) {
      const settings = await ctx.settings();
      const allowed = new Set([...settings.corsOrigins, ...deps.config.extraCorsOrigins]);
      res.vary('Origin');
      if (allowed.has(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Expose-Headers', 'Content-Length, ETag, Accept-Ranges, Content-Range, Content-Disposition, X-Content-SHA256');
        if (req.method === 'OPTIONS') {
          res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
          res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Range, If-None-Match, If-Range');
          res.setHeader('Access-Control-Max-Age', '600');
          res.status(204).end();
          return;
        }
      } else if (req.method === 'OPTIONS') {
        res.status(403).json(errorBody('origin_not_allowed', `origin ${origin} is not allowed`));
        return;
      }
    }
    next();
  });
  const limiterOptions = {
    windowMs: deps.config.addonRateLimit.windowMs,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: (_req: Request, res: Response) => {
      res.status(429).json(errorBody('rate_limited', 'too many requests; try again shortly'));
    },
  };
  const addonLimiter = rateLimit({ ...limiterOptions, limit: deps.config.addonRateLimit.max });
  const downloadLimiter = rateLimit({ ...limiterOptions, limit: deps.config.addonRateLimit.max * 10 });
  const json = express.json({ limit: deps.config.jsonLimitBytes });

  app.use(ADDON_PATHS, cors, addonLimiter);
  app.use(DOWNLOAD_PATH, cors, downloadLimiter);
  app.use(json);
  for (const router of [activationRoutes(ctx), entitlementRoutes(ctx), updateRoutes(ctx), installRoutes(ctx), supportAddonRoutes(ctx), downloadRoutes(ctx)]) {
    app.use(router);
  }

  // The vendor console (issue #15): its page and its session; its calls are the vendor routes below, authenticated by
  // the session cookie (decision U84).
  const sessionLimits = { ...DEFAULT_SESSION_LIMITS, idleMs: deps.config.consoleIdleMs };
  const consoleSessions = createConsoleSessions(sessionLimits);
  app.use(consoleRoutes(ctx, consoleSessions, sessionLimits, deps.config.consoleDir ?? DEFAULT_CONSOLE_DIR));

  // Vendor side.
  app.use('/v1', authenticate(deps.store, { sessions: consoleSessions, clock: deps.clock }));
  for (const router of [
    platformLineRoutes(ctx),
    addonRoutes(ctx),
    priceListRoutes(ctx),
    releaseRoutes(ctx),
    customerRoutes(ctx),
    orderRoutes(ctx),
    licenceKeyRoutes(ctx),
    invoiceRoutes(ctx),
    paymentRoutes(ctx),
    cancellationRoutes(ctx),
    reconclusionRoutes(ctx),
    creditRoutes(ctx),
    maintenanceUpgradeRoutes(ctx),
    terminationRoutes(ctx),
    billingRoutes(ctx),
    vendorSettingsRoutes(ctx),
    apiKeyRoutes(ctx),
    supportRoutes(ctx),
    fleetRoutes(ctx),
    fleetInstallRoutes(ctx),
    overviewRoutes(ctx),
  ]) {
    app.use(router);
  }

  app.use((req: Request, res: Response) => {
    res.status(404).json(errorBody('not_found', `no route ${req.method} ${req.path.startsWith(DOWNLOAD_PATH) ? DOWNLOAD_PATH : req.path}`));
  });
  app.use(errorHandler(log));
  return app;
}
