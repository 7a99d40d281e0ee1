import { existsSync } from 'node:fs';
import { awsCli } from '@handson/test-support';
import { describe, expect, it } from 'vitest';
import { renderResponseJson } from '../src/index';

// End to end against the real AWS CLI without any server: `--generate-cli-skeleton
// output` makes /usr/bin/aws print a sample response of the operation through its
// normal --query/--output path, titled with the operation name. EC2's model has no
// length limits that would make the sample fail validation, so we use EC2.

const AWS = '/usr/bin/aws';
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  AWS_DEFAULT_REGION: 'ap-northeast-1',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_PAGER: '',
};

async function aws(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await awsCli([...args, '--generate-cli-skeleton', 'output'], { env });
  if (code !== 0) throw new Error(`aws ${args.join(' ')} exited ${code}: ${stderr}`);
  return stdout;
}

// The skeleton's timestamps are Python datetimes, which text and table print with
// str() ('1970-01-01 00:00:00'); real responses reach the formatter as ISO strings
// (the CLI's timestamp parser), so whole-response text/table is compared only for
// operations without timestamps.
const operations: [command: string, operation: string, queries: string[], hasTimestamps?: boolean][] = [
  [
    'describe-internet-gateways',
    'DescribeInternetGateways',
    ['InternetGateways[].{InternetGatewayId:InternetGatewayId,VpcId:Attachments[0].VpcId}'],
  ],
  ['describe-security-groups', 'DescribeSecurityGroups', ['SecurityGroups[].[Description,IpPermissions]']],
  [
    'describe-route-tables',
    'DescribeRouteTables',
    ['RouteTables[].Associations[].[SubnetId,RouteTableId,Main,AssociationState.State]'],
  ],
  ['describe-instances', 'DescribeInstances', [], true],
];

describe.skipIf(!existsSync(AWS))(`the same output as ${AWS} itself`, () => {
  it.each(operations)('ec2 %s', async (command, operation, queries, hasTimestamps) => {
    const response = await aws(['ec2', command, '--output', 'json']);
    expect(renderResponseJson(response, { output: 'json', title: operation })).toBe(response);
    const cases: [string, string | undefined][] = [
      ...(hasTimestamps
        ? []
        : ([
            ['text', undefined],
            ['table', undefined],
          ] as [string, undefined][])),
      // Each run of the CLI costs about a second of CPU, so queries are checked as text and table only.
      ...queries.flatMap((q) => (['text', 'table'] as const).map((o) => [o, q] as [string, string])),
    ];
    const expected = await Promise.all(
      cases.map(([output, query]) =>
        aws(['ec2', command, '--output', output, ...(query ? ['--query', query] : [])]).catch(
          () => undefined,
        ),
      ),
    );
    cases.forEach(([output, query], i) => {
      const render = () =>
        renderResponseJson(response, { output: output as 'text', query, title: operation });
      // When the CLI fails on a shape (a table of ragged rows), we must refuse it too.
      if (expected[i] === undefined) expect(render, `${output} ${query ?? ''}`).toThrow();
      else expect(render(), `${output} ${query ?? ''}`).toBe(expected[i]);
    });
  });
});
