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
export { type Observation, observeLesson, readObservations } from './lessons';
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
