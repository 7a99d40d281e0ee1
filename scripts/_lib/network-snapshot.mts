// The region's network as the data plane reads it, fetched through the SDK's EC2 client: shared by Lab 05's
// ping matrix and the reach command, so both see the same describe-* outputs.
import * as ec2sdk from '@aws-sdk/client-ec2';
import { clients } from '@handson/aws';
import { fetchNetworkSnapshot, type NetworkSnapshot } from '@handson/dataplane';

/**
 * Every describe-* the walk needs (paged, unfiltered: a route or rule may point at resources nobody tagged).
 * `consoleOutput` also reads each running instance's console for the ports it listens on (the sandbox's
 * instances print them; on AWS the console rarely does, and a TCP verdict then rests on the network alone).
 */
export function fetchRegionNetwork(options: { consoleOutput: boolean }): Promise<NetworkSnapshot> {
  const { ec2 } = clients();
  const commands = ec2sdk as unknown as Record<string, new (input: unknown) => ec2sdk.DescribeVpcsCommand>;
  return fetchNetworkSnapshot(
    (operation, input) => ec2.send(new commands[`${operation}Command`]!(input)),
    options,
  );
}
