export { type CliCommand, type CliCommandOptions, toCliCommand } from './command-line';
export { maskSensitiveOutput } from './mask-output';
export { cliName, cliServiceName } from './names';
export { decodePolicyDocuments } from './policy-documents';
export { shellQuote } from './quote';
export type { SdkCommandLike } from './sdk-command';
