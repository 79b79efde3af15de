/** Node-only entry: `@crm-assurance/license-core/node` (design.md: signed documents). */
export * from './src/node';
