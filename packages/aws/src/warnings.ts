/**
 * The SDK v3 (`@aws-sdk/core` emitWarningIfUnsupportedVersion) calls `process.emitWarning` with a
 * "NodeVersionSupportWarning" the first time a client is built on Node < 22. It would land in every notebook's
 * and script's output. The SDK has its own switch for exactly this one warning, read on every call:
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true. Turning that switch on (unless the user chose a value)
 * silences only this warning; every other warning is still printed. Setting it in the environment also
 * covers copies of the SDK bundled into single-file scripts and child processes.
 */
export const NODE_VERSION_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function suppressNodeVersionSupportWarning(env: NodeJS.ProcessEnv = process.env): void {
  if (env[NODE_VERSION_WARNING_SWITCH] === undefined) env[NODE_VERSION_WARNING_SWITCH] = 'true';
}
