/** DescribeRegions, DescribeAvailabilityZones and DescribeAccountAttributes, from the region table. */
import { AwsError, type Handler, type RequestContext } from '../../core/types';
import { applyFilters, type Filter } from './filters';
import { REGIONS, zonesOf } from './regions';
import { ec2State } from './state';

export const regionOperations: Record<string, Handler> = {
  DescribeRegions(_ctx, input) {
    const names: string[] | undefined = input.RegionNames;
    for (const name of names ?? []) {
      if (!REGIONS[name]) throw invalidRegion(name);
    }
    const regions = Object.keys(REGIONS)
      .filter((name) => !names || names.includes(name))
      .map((name) => ({
        Endpoint: `ec2.${name}.amazonaws.com`,
        RegionName: name,
        OptInStatus: 'opt-in-not-required',
      }));
    return {
      Regions: applyFilters(regions, input.Filters as Filter[] | undefined, {
        endpoint: (r) => r.Endpoint,
        'region-name': (r) => r.RegionName,
        'opt-in-status': (r) => r.OptInStatus,
      }),
    };
  },
  DescribeAvailabilityZones(ctx, input) {
    const zones = zonesOf(ctx.region).map(([ZoneName, ZoneId]) => ({
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: ctx.region,
      ZoneName,
      ZoneId,
      GroupName: ctx.region,
      NetworkBorderGroup: ctx.region,
      ZoneType: 'availability-zone',
    }));
    const names: string[] | undefined = input.ZoneNames;
    const ids: string[] | undefined = input.ZoneIds;
    for (const name of names ?? []) {
      if (!zones.some((z) => z.ZoneName === name)) {
        throw new InvalidParameterValueError(`The zone '${name}' does not exist.`);
      }
    }
    const picked = zones.filter(
      (z) => (!names || names.includes(z.ZoneName)) && (!ids || ids.includes(z.ZoneId)),
    );
    return {
      AvailabilityZones: applyFilters(picked, input.Filters as Filter[] | undefined, {
        'zone-name': (z) => z.ZoneName,
        'zone-id': (z) => z.ZoneId,
        'region-name': (z) => z.RegionName,
        state: (z) => z.State,
        'zone-type': (z) => z.ZoneType,
        'group-name': (z) => z.GroupName,
        'opt-in-status': (z) => z.OptInStatus,
      }),
    };
  },
  DescribeAccountAttributes(ctx, input) {
    const all: Record<string, string[]> = {
      'supported-platforms': ['VPC'],
      'default-vpc': [defaultVpcAttribute(ctx)],
      'max-instances': ['20'],
      'vpc-max-security-groups-per-interface': ['5'],
      'max-elastic-ips': ['5'],
      'vpc-max-elastic-ips': ['5'],
    };
    const names: string[] = input.AttributeNames ?? Object.keys(all);
    return {
      AccountAttributes: names.map((name) => {
        const values = all[name];
        if (!values)
          throw new InvalidParameterValueError(`Value (${name}) for parameter attributeName is invalid.`);
        return { AttributeName: name, AttributeValues: values.map((AttributeValue) => ({ AttributeValue })) };
      }),
    };
  },
};

class InvalidParameterValueError extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValue', message);
  }
}

function invalidRegion(name: string): AwsError {
  return new AwsError('InvalidParameterValue', `Invalid region: ${name}`);
}

function defaultVpcAttribute(ctx: RequestContext): string {
  return ec2State(ctx).defaultVpcId ?? 'none';
}
