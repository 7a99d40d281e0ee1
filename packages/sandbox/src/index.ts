export { SandboxClock } from './core/clock.js';
export * from './core/types.js';
export { rootPrincipal } from './identity/authenticate.js';
export {
  assertLoopback,
  BODY_LIMIT_BYTES,
  type RunningSandbox,
  SANDBOX_VERSION,
  type SandboxOptions,
  startSandbox,
} from './server/start.js';
export { serviceInfo } from './services/index.js';
