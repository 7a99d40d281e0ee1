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
export { cliErrorMessage, errorCode, errorCodes } from './cli-error';
export { maskSecretMembers } from './mask-output';
export { collectPages } from './paginate';
export { type RecordedCall, recordCall, untag } from './record';
export { formatS3Ls } from './s3-ls';
export { aws, type StepOptions, type StepResult } from './step';
export { type LabVars, labVars, workDir } from './work-dir';
