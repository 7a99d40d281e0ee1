// Lists read to the end, and service errors' codes and CLI line, as the AWS CLI has them (from the CLI
// package, for scripts and notebooks).
export { allPages, cliErrorMessage, errorCode, errorCodes } from '@handson/cli-output';
export { awsConfigure, type ConfigureAnswers, setInSection } from './aws-configure';
export {
  type BoxDiagramOptions,
  type BoxEdge,
  type BoxNode,
  boxDiagram,
  countInPlace,
  kendallTau,
  type LineOptions,
  lineChart,
  type Point,
  type ScatterOptions,
  type Series,
  scatterChart,
  type TimelineEvent,
  type TimelineOptions,
  type Tone,
  timelineChart,
} from './charts';
export {
  ATTACK_SEQUENCE_TYPE,
  estimateInstanceCost,
  hourlyPrice,
  type InstanceCost,
  type InstanceRun,
  ON_DEMAND_LINUX_USD_PER_HOUR,
  PRICE_SOURCE,
  type Severity,
  type SimulatedFinding,
  simulateGuardDutyFindings,
  TACTICS,
  type TrailEvent,
} from './incident';
export { type Observation, observeLesson, readObservations } from './lessons';
export { formatTally, type LoadOptions, type LoadResult, type LoadTally, runLoad } from './load';
export { type LsOptions, type LsResult, ls } from './ls';
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
export { markPrinted, wasPrinted } from './printed';
export { type RecordedCall, recordCall, untag } from './record';
export { type EnvSetting, renamedEnv } from './renamed-env';
export { aws, NO_REGION_MESSAGE, NoRegionError, type StepOptions, type StepResult } from './step';
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
