export {
  countInPlace,
  kendallTau,
  type LineOptions,
  lineChart,
  type Point,
  type ScatterOptions,
  type Series,
  scatterChart,
} from './charts';
export { cliErrorMessage, errorCode, errorCodes, markPrinted, wasPrinted } from './cli-error';
export { maskSecretMembers } from './mask-output';
export {
  createOnce,
  LabStepError,
  type OnceOptions,
  type OnceResult,
  setTeardownCommand,
  teardownCommand,
} from './once';
export { collectPages } from './paginate';
export { type RecordedCall, recordCall, untag } from './record';
export { formatS3Ls } from './s3-ls';
export { aws, type StepOptions, type StepResult } from './step';
export {
  formatDuration,
  type RetryOptions,
  retryWhile,
  SILENT_WAIT_MS,
  type WaitOptions,
  type WaitResult,
  waitFor,
} from './wait';
export { type LabVars, labVars, workDir } from './work-dir';
