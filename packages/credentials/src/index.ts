export { type AccessKey, parseAccessKeyJson } from './access-key-file';
export {
  modeString,
  type ProfileKeys,
  readCredentialsFile,
  type WriteCredentialsOptions,
  writeCredentialsProfile,
} from './credentials-file';
export { CredentialsError } from './errors';
export { maskSecrets } from './mask';
export { accessKeyFilePath, credentialsFilePath, type KeyCountBase, keyCount } from './naming';
export { PIPELINE_STAGES, type PipelineStage, runPipeline, type StageResult } from './pipeline';
export { runShellPipeline, SHELL_PIPELINE, shellToolsAvailable } from './shell';
