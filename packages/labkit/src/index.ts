// Lists read to the end, as the AWS CLI reads them (from the CLI package, for scripts and notebooks).
export { allPages } from '@handson/cli-output';
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
export { type Observation, observeLesson, readObservations } from './lessons';
export { maskSecretMembers } from './mask-output';
export {
  createOnce,
  forgetOnce,
  LabStepError,
  type OnceOptions,
  type OnceResult,
  once,
  setTeardownCommand,
  teardownCommand,
} from './once';
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
