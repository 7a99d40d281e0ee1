import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeAccountHealthCommand,
  DescribeInsightCommand,
  DevOpsGuruClient,
  GetResourceCollectionCommand,
  ListAnomaliesForInsightCommand,
  ListInsightsCommand,
  ListRecommendationsCommand,
  UpdateResourceCollectionCommand,
} from '@aws-sdk/client-devops-guru';
import { awsCliAvailable, awsCliLine } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCliCommand } from './index';

/**
 * DevOps Guru's SDK client (3.523.0, the newest the registry serves) puts no schema on its commands: the lines
 * come from schemaless.ts. Proof that each line is the same request: the SDK call and /usr/bin/aws running the
 * printed line hit a recorder, and method, path, query and JSON body must match (REST-JSON carries members
 * in all of them).
 */
interface Seen {
  method: string;
  url: string;
  body: unknown;
}
let server: Server;
let seen: Seen[] = [];
let endpoint = '';
const home = mkdtempSync(join(tmpdir(), 'schemaless-'));
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body: body ? JSON.parse(body) : {} });
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'Recorded' });
      res.end('{"message":"recorded"}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  rmSync(home, { recursive: true, force: true });
});

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

const cases = [
  new UpdateResourceCollectionCommand({
    Action: 'ADD',
    ResourceCollection: {
      Tags: [{ AppBoundaryKey: 'devops-guru-handson', TagValues: ['07-devops-guru-dynamodb-throttling'] }],
    },
  }),
  new UpdateResourceCollectionCommand({
    Action: 'REMOVE',
    ResourceCollection: { CloudFormation: { StackNames: ['handson-stack', 'other'] } },
  }),
  new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' }),
  new DescribeAccountHealthCommand({}),
  new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } }),
  new ListInsightsCommand({
    StatusFilter: {
      Any: { Type: 'REACTIVE', StartTimeRange: { FromTime: new Date('2026-12-05T08:00:00Z') } },
    },
    MaxResults: 10,
  }),
  new DescribeInsightCommand({ Id: 'ADk3ZXhhbXBsZQ' }),
  new ListAnomaliesForInsightCommand({ InsightId: 'ADk3ZXhhbXBsZQ' }),
  new ListRecommendationsCommand({ InsightId: 'ADk3ZXhhbXBsZQ', Locale: 'JA_JP' }),
];

describe('DevOps Guru commands without a schema', () => {
  it('print as the aws devops-guru lines', () => {
    expect(toCliCommand(cases[0]!).oneLine()).toBe(
      "aws devops-guru update-resource-collection --action ADD --resource-collection 'Tags=[{AppBoundaryKey=devops-guru-handson,TagValues=07-devops-guru-dynamodb-throttling}]'",
    );
    expect(toCliCommand(cases[4]!).oneLine()).toBe(
      "aws devops-guru list-insights --status-filter 'Ongoing={Type=REACTIVE}'",
    );
    expect(toCliCommand(cases[3]!).oneLine()).toBe('aws devops-guru describe-account-health');
  });

  it('refuses a schema-less command it does not know', () => {
    class MysteryCommand {
      input = {};
    }
    expect(() => toCliCommand(new MysteryCommand())).toThrow(/carries no operation schema/);
  });

  it.skipIf(!awsCliAvailable)('send the same request as the SDK call, through /usr/bin/aws', async () => {
    const client = new DevOpsGuruClient({ endpoint, region: 'ap-northeast-1', credentials, maxAttempts: 1 });
    for (const command of cases) {
      seen = [];
      await client.send(command as never).catch(() => undefined);
      const line = toCliCommand(command).oneLine();
      await awsCliLine(`${line} --endpoint-url ${endpoint}`, {
        cwd: home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_DEFAULT_REGION: 'ap-northeast-1',
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
        },
      });
      expect(seen, line).toHaveLength(2);
      expect(seen[1], line).toEqual(seen[0]);
    }
    client.destroy();
  });
});
