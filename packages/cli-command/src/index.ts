export { type CliCommand, type CliCommandOptions, type SdkCommandLike, toCliCommand } from './command-line';
export { maskSensitiveOutput } from './mask-output';
export { cliName, cliServiceName } from './names';
export { shellQuote } from './quote';
