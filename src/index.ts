/** Custodian's public API for programs that embed it. */
export * as map from './map/index.js';
export * as publish from './publish/index.js';
export { CustodianError, type Result } from './errors.js';
