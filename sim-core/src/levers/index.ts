/**
 * Operator levers (docs/levers.md): ranges, defaults and world checks (rules.ts), the plain-data context both
 * the host and the console can supply (context.ts), and previews that run the same checks (preview.ts).
 */
export * from './rules';
export { leverContext, leverContextAtStart, type LeverContext, type PendingOrder } from './context';
export type { ModelParams } from '../model/index';
export { previewLever, rolloutPlan, downloadsPerMinute, type LeverPreview } from './preview';
export { skypeCascadeModel, type SkypeCascadeMetrics } from './cascade-skype';
export { CASCADE_MODELS, cascadeModelOf } from './models';
