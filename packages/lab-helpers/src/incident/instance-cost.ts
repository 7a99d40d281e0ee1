/*
 * What an attacker's instances cost, estimated from when they ran: the sandbox has no bill, so the billing
 * check of an incident drill computes one. Prices are On-Demand, Linux, per instance-hour in USD, from
 * https://aws.amazon.com/ec2/pricing/on-demand/ (as listed in 2025; prices change, and the real bill is
 * what Cost Explorer says). Linux On-Demand instances are billed per second with a 60-second minimum
 * (https://aws.amazon.com/ec2/pricing/ — "per-second billing"). Storage, data transfer and public IPv4
 * addresses are not included.
 */

export const PRICE_SOURCE = 'https://aws.amazon.com/ec2/pricing/on-demand/ (Linux On-Demand, USD per hour)';

/** USD per instance-hour by instance type and region. */
export const ON_DEMAND_LINUX_USD_PER_HOUR: Record<string, Record<string, number>> = {
  't3.micro': { 'us-east-1': 0.0104, 'ap-northeast-1': 0.0136, 'eu-west-1': 0.0114 },
};

const MINIMUM_BILLED_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface InstanceRun {
  InstanceId: string;
  InstanceType: string;
  Region: string;
  /** When it was launched (RunInstances). */
  From: Date;
  /** When it was terminated (TerminateInstances); undefined while it still runs. */
  To?: Date;
}

export interface InstanceCost extends InstanceRun {
  /** Seconds billed: the running time, at least 60. */
  BilledSeconds: number;
  UsdPerHour: number;
  Usd: number;
  /** What it would have cost running for 30 days unnoticed. */
  UsdPer30Days: number;
}

/** The price of an instance type in a region, or an error naming what the table lacks. */
export function hourlyPrice(instanceType: string, region: string): number {
  const price = ON_DEMAND_LINUX_USD_PER_HOUR[instanceType]?.[region];
  if (price === undefined) {
    throw new RangeError(
      `no On-Demand price for ${instanceType} in ${region} in the lab's table (${PRICE_SOURCE}): add it there`,
    );
  }
  return price;
}

/** Each run's billed time and cost; a run that has not ended is counted up to `now`, which it then needs. */
export function estimateInstanceCost(runs: InstanceRun[], now?: Date): InstanceCost[] {
  return runs.map((run) => {
    const to = run.To ?? now;
    if (!to) throw new RangeError(`${run.InstanceId} has not ended: say until when to count it (now)`);
    const ranMs = Math.max(0, to.getTime() - run.From.getTime());
    const billedMs = Math.max(MINIMUM_BILLED_MS, Math.ceil(ranMs / 1000) * 1000);
    const UsdPerHour = hourlyPrice(run.InstanceType, run.Region);
    return {
      ...run,
      BilledSeconds: billedMs / 1000,
      UsdPerHour,
      Usd: (billedMs / HOUR_MS) * UsdPerHour,
      UsdPer30Days: 30 * 24 * UsdPerHour,
    };
  });
}
