export { conditionsHold, isKnownOperator } from './conditions';
export { evaluateForResources, evaluatePolicies, statementApplies } from './evaluate';
export { type PolicyKind, parsePolicyDocument } from './parse';
export { evaluateTrust, type TrustCaller } from './trust';
export * from './types';
export { contextValue, substituteVariables } from './variables';
export { actionMatches, globMatch } from './wildcard';
