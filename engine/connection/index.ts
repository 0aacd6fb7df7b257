export * from './types.js';
export * from './local.js';
export * from './ssh.js';
export { parseJumpHost, type JumpHost } from './jump-host.js';
export { withEnvironment } from './with-environment.js';
