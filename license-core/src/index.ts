/**
 * @crm-assurance/license-core: the Software Assurance rule book as pure functions (SPEC §1–§4),
 * plus browser-safe verification of signed licences, entitlements and manifests.
 * Node-only signing lives in `@crm-assurance/license-core/node`.
 */
export * from './types';
