export { SSHD_CONFIG_AL2023, STOCK_FILES_AL2023 } from './amazon-linux';
export * from './cidr';
export { type DiagramOptions, networkDiagramSvg } from './diagram';
export { type Ec2Send, fetchNetworkSnapshot } from './fetch';
export {
  applyUserData,
  type ExecResult,
  exec,
  type InstanceModel,
  listeningTcpPorts,
  type ScriptLine,
  sshdConfiguredPorts,
  stockInstanceModel,
  type UserDataReport,
} from './instance-model';
export { type MatrixRow, reachabilityMatrix, servicesFromConsoleOutput } from './matrix';
export { type PingOptions, renderPing } from './ping';
export {
  type EndpointInfo,
  explain,
  type Hop,
  type ReachabilityQuery,
  type ReachabilityResult,
  reachability,
  type Step,
} from './reachability';
export { longestPrefixMatch, routeTableForSubnet } from './routing';
export { type Flow, type Protocol, permissionMatchesFlow } from './security-groups';
export { parseSedArgs, parseSedScript, runSed, SedError } from './sed';
export * from './snapshot';
// Named as well: ES modules importing this CommonJS build see only the names a static scan finds, and a
// re-exported star is not among them.
export { instancesOf, nameTag } from './snapshot';
