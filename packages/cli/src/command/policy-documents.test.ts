import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { decodePolicyDocuments, toCliCommand } from './index';

const policy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' }],
};
const encoded = encodeURIComponent(JSON.stringify(policy));

describe('decodePolicyDocuments: IAM policy documents as the CLI prints them', () => {
  it('decodes get-policy-version’s Document and leaves the rest', () => {
    const output = { PolicyVersion: { Document: encoded, VersionId: 'v1', IsDefaultVersion: true } };
    const command = new GetPolicyVersionCommand({
      PolicyArn: 'arn:aws:iam::123456789012:policy/p',
      VersionId: 'v1',
    });
    expect(decodePolicyDocuments(command, output)).toEqual({
      PolicyVersion: { Document: policy, VersionId: 'v1', IsDefaultVersion: true },
    });
    expect(output.PolicyVersion.Document).toBe(encoded);
  });

  it('decodes a role’s trust policy, an inline policy and the lists of account details', () => {
    expect(
      decodePolicyDocuments(new GetRoleCommand({ RoleName: 'r' }), {
        Role: { RoleName: 'r', AssumeRolePolicyDocument: encoded },
      }),
    ).toEqual({ Role: { RoleName: 'r', AssumeRolePolicyDocument: policy } });
    expect(
      decodePolicyDocuments(new GetUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }), {
        UserName: 'u',
        PolicyDocument: encoded,
      }),
    ).toEqual({ UserName: 'u', PolicyDocument: policy });
    const details = decodePolicyDocuments(new GetAccountAuthorizationDetailsCommand({}), {
      RoleDetailList: [{ RoleName: 'r', AssumeRolePolicyDocument: encoded }],
      Policies: [{ PolicyName: 'p', PolicyVersionList: [{ Document: encoded, VersionId: 'v1' }] }],
    });
    expect(details.RoleDetailList[0]?.AssumeRolePolicyDocument).toEqual(policy);
    expect(details.Policies[0]?.PolicyVersionList[0]?.Document).toEqual(policy);
  });

  it('keeps a document that is not URL-encoded JSON, as botocore does', () => {
    const output = { PolicyVersion: { Document: '%E0%A4%A' } };
    expect(
      decodePolicyDocuments(new GetPolicyVersionCommand({ PolicyArn: 'p', VersionId: 'v1' }), output),
    ).toEqual(output);
  });

  it('leaves other services’ answers alone', () => {
    const output = { MessageId: 'm', MD5OfMessageBody: encoded };
    expect(decodePolicyDocuments(new SendMessageCommand({ QueueUrl: 'q', MessageBody: 'b' }), output)).toBe(
      output,
    );
  });

  it('is what the command line prints', () => {
    const cli = toCliCommand(
      new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::123456789012:policy/p', VersionId: 'v1' }),
      { query: 'PolicyVersion.Document.Statement[].Action[]', output: 'text' },
    );
    expect(cli.formatOutput({ PolicyVersion: { Document: encoded } })).toBe('s3:ListBucket\n');
  });
});
