import { suppressNodeVersionSupportWarning } from './warnings.js';

// Before anything builds an SDK client.
suppressNodeVersionSupportWarning();

export {
  type Caller,
  type ChangePlan,
  isDryRun,
  isReadOnlyOperation,
  type Prompter,
  resetConfirmations,
  setChangePlan,
  setDryRun,
  setPrompter,
  yesFromEnv,
} from './change-guard.js';
// Named re-exports (not `export *`): ES modules importing this CommonJS package (the lab scripts under tsx)
// only see names Node can detect statically.
export {
  type AwsClients,
  announceAccount,
  type ClientOptions,
  client,
  clientIn,
  clients,
  clientsFor,
  cloudformation,
  confirmChanges,
  ec2,
  iam,
  lookupCaller,
  operationOf,
  ready,
  s3,
  sqs,
  sts,
} from './clients.js';
export { ConfigureListError, type ConfigureListOptions, configureList } from './configure-list.js';
export {
  credentialProvider,
  type IdentityOptions,
  identitySettings,
  profileIsDefined,
  SANDBOX_FALLBACK_CREDENTIALS,
} from './credentials.js';
export { type EnvOverrides, withEnv } from './env.js';
export { HandsonAwsError, type HandsonAwsErrorCode, isHandsonAwsError, networkErrorCode } from './errors.js';
export type { LabClient, OutputOf, ResolvedEndpoint, SdkCommand } from './lab-client.js';
export { notice, setNoticeSink } from './notice.js';
export { removeResource } from './remove-resource.js';
export { RESOURCE_KIND_NAMES, type ResourceKind } from './resource-kinds.js';
export { sandboxClock, targetNow, type VirtualClock } from './sandbox-clock.js';
export {
  type EnsureSandboxOptions,
  ensureSandbox,
  HEALTH_PATH,
  type SandboxCommand,
  type SandboxStatus,
  sandboxCommand,
  sandboxIsHealthy,
} from './sandbox-process.js';
export {
  DEFAULT_REGION,
  type Env,
  PROFILE_ENV_VARS,
  REGION_ENV_VARS,
  regionSetting,
  type SharedSettings,
  sharedSettings,
} from './settings.js';
export { type SweepItem, type SweepOptions, type SweepResult, sweep } from './sweep.js';
export {
  cloudFormationTags,
  ec2TagSpecifications,
  iamTags,
  LAB_TAG_KEY,
  labOf,
  labTags,
  sqsTags,
  type Tag,
} from './tags.js';
export {
  DEFAULT_SANDBOX_URL,
  resolveTarget,
  SERVICES,
  type ServiceName,
  TARGET_KINDS,
  type Target,
  type TargetKind,
} from './target.js';
export { type SandboxHealth, sandboxHealth, targetLine } from './target-line.js';
export {
  isNotFound,
  orMissing,
  type Teardown,
  type TeardownOptions,
  type TeardownReport,
  type TeardownStepResult,
  type TeardownStepStatus,
  teardown,
} from './teardown.js';
export { NODE_VERSION_WARNING_SWITCH, suppressNodeVersionSupportWarning } from './warnings.js';
