export * from './model/flexFlow.js';
export * from './model/limits.js';
export * from './errors.js';
export type { FlexFlowsApi } from './api/types.js';
export type * from './plan/types.js';
export type * from './flows/types.js';
export type * from './source/types.js';
export type { Settings } from './settings/types.js';
export { main } from './cli/main.js';
