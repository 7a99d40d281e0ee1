/** Regions and their Availability Zones (zone names with their AZ ids), as DescribeAvailabilityZones shows. */
export const REGIONS: Record<string, { zones: [string, string][]; optIn?: boolean }> = {
  'ap-northeast-1': {
    zones: [
      ['a', 'apne1-az4'],
      ['c', 'apne1-az1'],
      ['d', 'apne1-az2'],
    ],
  },
  'ap-northeast-2': {
    zones: [
      ['a', 'apne2-az1'],
      ['b', 'apne2-az2'],
      ['c', 'apne2-az3'],
      ['d', 'apne2-az4'],
    ],
  },
  'ap-northeast-3': {
    zones: [
      ['a', 'apne3-az3'],
      ['b', 'apne3-az1'],
      ['c', 'apne3-az2'],
    ],
  },
  'ap-south-1': {
    zones: [
      ['a', 'aps1-az1'],
      ['b', 'aps1-az3'],
      ['c', 'aps1-az2'],
    ],
  },
  'ap-southeast-1': {
    zones: [
      ['a', 'apse1-az1'],
      ['b', 'apse1-az2'],
      ['c', 'apse1-az3'],
    ],
  },
  'ap-southeast-2': {
    zones: [
      ['a', 'apse2-az1'],
      ['b', 'apse2-az3'],
      ['c', 'apse2-az2'],
    ],
  },
  'ca-central-1': {
    zones: [
      ['a', 'cac1-az1'],
      ['b', 'cac1-az2'],
      ['d', 'cac1-az4'],
    ],
  },
  'eu-central-1': {
    zones: [
      ['a', 'euc1-az2'],
      ['b', 'euc1-az3'],
      ['c', 'euc1-az1'],
    ],
  },
  'eu-north-1': {
    zones: [
      ['a', 'eun1-az1'],
      ['b', 'eun1-az2'],
      ['c', 'eun1-az3'],
    ],
  },
  'eu-west-1': {
    zones: [
      ['a', 'euw1-az1'],
      ['b', 'euw1-az2'],
      ['c', 'euw1-az3'],
    ],
  },
  'eu-west-2': {
    zones: [
      ['a', 'euw2-az2'],
      ['b', 'euw2-az3'],
      ['c', 'euw2-az1'],
    ],
  },
  'eu-west-3': {
    zones: [
      ['a', 'euw3-az1'],
      ['b', 'euw3-az2'],
      ['c', 'euw3-az3'],
    ],
  },
  'sa-east-1': {
    zones: [
      ['a', 'sae1-az1'],
      ['b', 'sae1-az2'],
      ['c', 'sae1-az3'],
    ],
  },
  'us-east-1': {
    zones: [
      ['a', 'use1-az6'],
      ['b', 'use1-az1'],
      ['c', 'use1-az2'],
      ['d', 'use1-az4'],
      ['e', 'use1-az3'],
      ['f', 'use1-az5'],
    ],
  },
  'us-east-2': {
    zones: [
      ['a', 'use2-az1'],
      ['b', 'use2-az2'],
      ['c', 'use2-az3'],
    ],
  },
  'us-west-1': {
    zones: [
      ['a', 'usw1-az1'],
      ['c', 'usw1-az3'],
    ],
  },
  'us-west-2': {
    zones: [
      ['a', 'usw2-az1'],
      ['b', 'usw2-az2'],
      ['c', 'usw2-az3'],
      ['d', 'usw2-az4'],
    ],
  },
};

/** Zones of a region as [zone name, zone id]; regions outside the table get a, b and c. */
export function zonesOf(region: string): [string, string][] {
  const known = REGIONS[region];
  const zones = known?.zones ?? [
    ['a', 'az1'],
    ['b', 'az2'],
    ['c', 'az3'],
  ];
  return zones.map(([letter, id]) => [`${region}${letter}`, known ? id : `${region}-${id}`]);
}
