/** The OpenAPI 3.1 description of API v1, served at /v1/openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'crm-assurance update server', version: '1' }, paths: {} };
}
