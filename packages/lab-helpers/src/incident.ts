// Lab 06's drill simulation: GuardDuty-style findings from the event history, and the attacker instances' cost.
export {
  ATTACK_SEQUENCE_TYPE,
  type Severity,
  type SimulatedFinding,
  simulateGuardDutyFindings,
  TACTICS,
} from './incident/guardduty-style';
export {
  estimateInstanceCost,
  hourlyPrice,
  type InstanceCost,
  type InstanceRun,
  ON_DEMAND_LINUX_USD_PER_HOUR,
  PRICE_SOURCE,
} from './incident/instance-cost';
export type { TrailEvent } from './incident/trail-event';
