export { type CliCommand, type CliCommandOptions, type SdkCommandLike, toCliCommand } from './command-line';
export { cliName, cliServiceName } from './names';
export { shellQuote } from './quote';
