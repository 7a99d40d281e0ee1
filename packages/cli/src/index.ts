export { awsConfigure, type ConfigureAnswers, setInSection } from './aws-configure';
export {
  CliOutputError,
  InvalidJsonError,
  JmesPathEvaluationError,
  JmesPathSyntaxError,
  OUTPUT_FORMATS,
  type OutputFormat,
  UnknownOutputFormatError,
  UnrenderableResultError,
} from './errors';
export {
  assertOutputFormat,
  type FormatOptions,
  format,
  type RenderOptions,
  renderResponse,
  renderResponseJson,
} from './format';
export { formatJson } from './json';
export { parseJsonText } from './json-input';
export { maskConfigureListKey, maskSecret } from './mask';
export { formatTimestamp, type NormalizeOptions, normalize, type TimestampZone } from './normalize';
export {
  allPages,
  type PaginateOptions,
  pagesThrough,
  type SendPage,
  sendAllPages,
} from './pages';
export { PAGINATED, PAGINATION_TOKENS } from './paginators';
export { floatRepr, pyRepr, pyStr } from './python-str';
export { type CompiledQuery, compileQuery, query } from './query';
export { formatS3Ls } from './s3-ls';
export { asFullResult, formatSdkOutput, printOutput, printSdkOutput, type SdkOutputOptions } from './sdk';
export { cliErrorMessage, errorCode, errorCodes } from './service-error';
export { botocoreServiceName } from './service-name';
export { formatTable, type TableOptions } from './table';
export { formatText } from './text';
export { isObject, PyFloat, PyInt, type Value } from './values';
export { textWidth } from './width';
