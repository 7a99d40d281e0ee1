import { botocoreServiceName } from '../service-name';

/**
 * The AWS CLI's names for operations and parameters, derived from model names the way botocore's
 * `xform_name` derives them: `DescribeVpcPeeringConnections` → `describe-vpc-peering-connections`,
 * `ListMFADevices` → `list-mfa-devices`, `TagSpecifications` → `tag-specifications`.
 */
export function cliName(modelName: string, sep = '-'): string {
  if (modelName.includes(sep)) return modelName;
  let name = modelName;
  // A trailing run of capitals ending in "s" (ARNs, ACLs) is one word.
  const plural = /[A-Z]{2,}s$/.exec(name);
  if (plural) name = `${name.slice(0, -plural[0].length)}${sep}${plural[0].toLowerCase()}`;
  name = name.replace(/(.)([A-Z][a-z]+)/g, `$1${sep}$2`);
  return name.replace(/([a-z0-9])([A-Z])/g, `$1${sep}$2`).toLowerCase();
}

/**
 * The CLI command group for a Smithy service namespace (`com.amazonaws.iam` → `iam`): botocore's service
 * name, except that the CLI keeps `s3` for its own high-level commands and exposes the API as `s3api`.
 */
export function cliServiceName(namespace: string): string {
  const name = botocoreServiceName(namespace);
  return name === 's3' ? 's3api' : name;
}
