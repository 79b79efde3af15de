/**
 * @crm-assurance/license-core: the Software Assurance rule book as pure functions (SPEC §1–§4),
 * plus browser-safe verification of signed licences, entitlements and manifests.
 * Node-only signing lives in `@crm-assurance/license-core/node`.
 */
export * from './vocabulary';
export * from './types';
export * from './errors';
export * from './calendar-date';
export * from './money';
export * from './platform-version';
export * from './addon-version';
export * from './period';
export * from './invoice';
export * from './cancellation';
export * from './coverage';
export * from './contract-status';
export * from './legacy-window';
export * from './eligibility';
export * from './reasons';
export * from './publication';
export * from './solution-package';
export * from './odoo-module';
export * from './renewal';
export * from './plan';
export * from './term-plan';
export * from './auto-ssa';
export * from './credit-ledger';
export * from './licensed-addons';
export * from './payment';
export * from './support-approval';
export * from './support-billing';
export * from './support-statement';
export * from './maintenance-agreement';
export * from './plan-billing';
export * from './signing';
// Issue #11: contract, plan, order and org rules moved out of the server.
export * from './refusal';
export * from './plan-choice';
export * from './reconclusion';
export * from './order';
// Issue #12: the vendor's price list prices order lines (U35).
export * from './price-list';
export * from './contract-periods';
export * from './org-binding';
export * from './eligibility-target';
export * from './payment-term';
export * from './termination';
// Issue #15: the console's overview (L43, L44).
export * from './portfolio';
