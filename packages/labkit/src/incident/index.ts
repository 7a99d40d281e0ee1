export {
  ATTACK_SEQUENCE_TYPE,
  type Severity,
  type SimulatedFinding,
  simulateGuardDutyFindings,
  TACTICS,
} from './guardduty-style';
export {
  estimateInstanceCost,
  hourlyPrice,
  type InstanceCost,
  type InstanceRun,
  ON_DEMAND_LINUX_USD_PER_HOUR,
  PRICE_SOURCE,
} from './instance-cost';
export type { TrailEvent } from './trail-event';
