/** Prometheus metrics of one app (its own registry, so several apps can live in one process, e.g. in tests). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  downloads: Counter<'outcome'>;
  documentsSigned: Counter<'doc'>;
  documentsCached: Counter<'doc'>;
  /** Decision U39: when the signing certificate in use expires (alert well before; /healthz degrades 30 days before). */
  signingCertificateExpiry: Gauge<'serial'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'assurance_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'assurance_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    downloads: new Counter({
      name: 'assurance_downloads_total',
      help: 'Artifact downloads by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    documentsSigned: new Counter({
      name: 'assurance_documents_signed_total',
      help: 'Signed documents (licence, entitlement, manifest)',
      labelNames: ['doc'],
      registers: [registry],
    }),
    documentsCached: new Counter({
      name: 'assurance_documents_cached_total',
      help: 'Signed documents answered from the cache',
      labelNames: ['doc'],
      registers: [registry],
    }),
    signingCertificateExpiry: new Gauge({
      name: 'assurance_signing_certificate_expiry_timestamp_seconds',
      help: 'When the signing certificate in use expires (Unix seconds), by certificate serial',
      labelNames: ['serial'],
      registers: [registry],
    }),
  };
}
