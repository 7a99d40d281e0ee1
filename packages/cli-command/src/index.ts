export { type CliCommand, type CliCommandOptions, type SdkCommandLike, toCliCommand } from './command-line';
export { maskSecret, maskSensitiveOutput } from './mask-output';
export { cliName, cliServiceName } from './names';
export { shellQuote } from './quote';
