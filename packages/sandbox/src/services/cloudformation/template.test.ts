// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub placeholders are the subject of these tests
import { describe, expect, it } from 'vitest';
import { creationWaves, dependencyGraph } from './template/graph';
import { cidrSubnets, type EvalEnv, evaluate, evaluateConditions } from './template/intrinsics';
import { loadTemplateBody } from './template/load';
import { parseTemplate } from './template/parse';

/** A template error as `message | hint`: AWS's message, then where the sandbox says the problem is. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    return hint ? `${message} | ${hint}` : message;
  }
  throw new Error('expected an error');
}

function env(body: string, overrides: Partial<EvalEnv> = {}): EvalEnv {
  const template = parseTemplate(body);
  const e: EvalEnv = {
    template,
    parameters: {},
    accountId: '123456789012',
    region: 'ap-northeast-1',
    stackName: 'demo',
    stackId: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/demo/x',
    resources: {},
    azs: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
    importValue: (name) => (name === 'shared-vpc' ? 'vpc-123' : undefined),
    ...overrides,
  };
  e.conditions = evaluateConditions(e);
  return e;
}

describe('YAML short forms', () => {
  it('expands every short-form tag into its long form', () => {
    const { value } = loadTemplateBody(`
A: !Ref Vpc
B: !GetAtt Vpc.CidrBlock
C: !GetAtt [Vpc, CidrBlock]
D: !Sub 'x-\${AWS::Region}'
E: !Sub ['\${a}', { a: !Ref P }]
F: !Join [',', [a, b]]
G: !Select [0, !GetAZs '']
H: !Split [',', 'a,b']
I: !FindInMap [M, k, v]
J: !If [Cond, 1, !Ref AWS::NoValue]
K: !Equals [a, b]
L: !Not [!Condition Cond]
M: !And [!Equals [a, a], !Or [!Equals [a, b], !Equals [b, b]]]
N: !Base64 text
O: !Cidr [10.0.0.0/16, 2, 8]
P: !ImportValue shared
Q: !GetAtt Db.Endpoint.Address
R: !GetAZs
`);
    expect(value).toEqual({
      A: { Ref: 'Vpc' },
      B: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
      C: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
      D: { 'Fn::Sub': 'x-${AWS::Region}' },
      E: { 'Fn::Sub': ['${a}', { a: { Ref: 'P' } }] },
      F: { 'Fn::Join': [',', ['a', 'b']] },
      G: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      H: { 'Fn::Split': [',', 'a,b'] },
      I: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      J: { 'Fn::If': ['Cond', 1, { Ref: 'AWS::NoValue' }] },
      K: { 'Fn::Equals': ['a', 'b'] },
      L: { 'Fn::Not': [{ Condition: 'Cond' }] },
      M: {
        'Fn::And': [
          { 'Fn::Equals': ['a', 'a'] },
          { 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Equals': ['b', 'b'] }] },
        ],
      },
      N: { 'Fn::Base64': 'text' },
      O: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      P: { 'Fn::ImportValue': 'shared' },
      Q: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      R: { 'Fn::GetAZs': '' },
    });
  });

  it('rejects an unknown tag with its line and column', () => {
    expect(() => loadTemplateBody('A: 1\nB: !Reff X\n')).toThrow(
      /unknown YAML tag !Reff \(line 2, column 4\)/,
    );
  });

  it('reports malformed YAML and JSON with a position', () => {
    expect(() => loadTemplateBody('A: [1, 2\nB: 3\n')).toThrow(
      /YAML not well-formed\. \(line \d+, column \d+\)/,
    );
    expect(() => loadTemplateBody('{\n  "A": 1,\n  "B": 2,,\n}')).toThrow(
      /JSON not well-formed\. \(line 3, column 10\)/,
    );
  });
});

const VPC_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: demo
Parameters:
  Cidr:
    Type: String
    Default: 10.0.0.0/16
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref Igw
  Route:
    Type: AWS::EC2::Route
    DependsOn: Attach
    Properties:
      RouteTableId: !Sub '\${Table}'
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref Igw
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export:
      Name: !Sub '\${AWS::StackName}-vpc'
`;

describe('template validation', () => {
  it('parses a valid template and orders resources by Ref, GetAtt, Sub and DependsOn', () => {
    const t = parseTemplate(VPC_YAML);
    expect(t.description).toBe('demo');
    const graph = dependencyGraph(t);
    expect(graph.Route).toEqual(['Igw', 'Attach', 'Table']);
    expect(graph.Subnet).toEqual(['Vpc']);
    expect(creationWaves(graph)).toEqual([['Vpc', 'Igw'], ['Subnet', 'Attach', 'Table'], ['Route']]);
  });

  it('names an unknown top-level key with its line', () => {
    expect(thrown(() => parseTemplate(`Resource:\n  A:\n    Type: AWS::EC2::VPC\n`))).toBe(
      'Template format error: Invalid template property or properties [Resource] | at Resource, line 1, column 1',
    );
  });

  it('names an unresolved Ref with its location', () => {
    const body = VPC_YAML.replace(
      'VpcId: !Ref Vpc\n      CidrBlock: !Select',
      'VpcId: !Ref Vpcc\n      CidrBlock: !Select',
    );
    expect(thrown(() => parseTemplate(body))).toBe(
      'Template format error: Unresolved resource dependencies [Vpcc] in the Resources block of the template | at Resources.Subnet.Properties.VpcId.Ref, line 15, column 7',
    );
  });

  it('rejects unknown resource types (never skipped)', () => {
    expect(thrown(() => parseTemplate('Resources:\n  A:\n    Type: AWS::EC2::Vpc\n'))).toBe(
      'Template format error: Unrecognized resource types: [AWS::EC2::Vpc] | at Resources.A.Type, line 3, column 5',
    );
  });

  it('rejects GetAtt of an attribute the type does not have', () => {
    expect(
      thrown(() =>
        parseTemplate(
          'Resources:\n  A:\n    Type: AWS::EC2::VPC\n  B:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !GetAtt A.Nope\n',
        ),
      ),
    ).toMatch(
      /resource A does not support attribute type Nope in Fn::GetAtt \| at Resources\.B\.Properties\.VpcId\.Fn::GetAtt, line 7/,
    );
  });

  it('accepts attributes newer than the bundled specification for the types the sandbox provisions', () => {
    const body =
      'Resources:\n  S:\n    Type: AWS::EC2::Subnet\nOutputs:\n  C:\n    Value: !GetAtt S.CidrBlock\n';
    expect(parseTemplate(body).outputs.C?.Value).toEqual({ 'Fn::GetAtt': ['S', 'CidrBlock'] });
  });

  it('finds circular dependencies', () => {
    const body = `Resources:
  A:
    Type: AWS::EC2::VPC
    DependsOn: B
  B:
    Type: AWS::EC2::InternetGateway
    DependsOn: A
`;
    expect(thrown(() => dependencyGraph(parseTemplate(body)))).toBe(
      'Template format error: Circular dependency between resources: [A, B] | at Resources.A, line 2, column 3',
    );
  });

  it('checks resources, parameters, outputs and DependsOn targets', () => {
    expect(() => parseTemplate('Resources: {}\n')).toThrow('At least one Resources member must be defined.');
    expect(() => parseTemplate('Resources:\n  A:\n    Properties: {}\n')).toThrow(
      'Every Resources object must contain a Type member.',
    );
    expect(
      thrown(() => parseTemplate('Resources:\n  A:\n    Type: AWS::EC2::VPC\n    DependsOn: X\n')),
    ).toMatch(/Unresolved resource dependencies \[X\].* \| at .*line 4, column 5/);
    expect(() =>
      parseTemplate('Parameters:\n  P:\n    Type: Strin\nResources:\n  A:\n    Type: AWS::EC2::VPC\n'),
    ).toThrow('Unrecognized parameter type: Strin');
    expect(() =>
      parseTemplate('Resources:\n  A:\n    Type: AWS::EC2::VPC\nOutputs:\n  O:\n    Description: x\n'),
    ).toThrow('Every Outputs member must contain a Value object');
    expect(() =>
      parseTemplate(
        'Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      X: !If [Nope, 1, 2]\n',
      ),
    ).toThrow(/Unresolved condition dependency Nope/);
  });

  it('accepts JSON and locates errors in it too', () => {
    const json = JSON.stringify(
      { Resources: { A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'Missing' } } } } },
      null,
      2,
    );
    expect(thrown(() => parseTemplate(json))).toMatch(
      /\[Missing\].* \| at Resources\.A\.Properties\.CidrBlock\.Ref, line 7, column 11$/,
    );
    const valid = JSON.stringify({
      Resources: { A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
    });
    expect(parseTemplate(valid).resources.A?.Type).toBe('AWS::EC2::VPC');
  });
});

describe('intrinsic functions', () => {
  const body = `Parameters:
  Env: { Type: String, Default: prod }
  Nets: { Type: CommaDelimitedList, Default: 'a,b' }
Mappings:
  Sizes:
    prod: { Type: t3.small }
    dev: { Type: t3.micro }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
Resources:
  Vpc: { Type: AWS::EC2::VPC }
`;
  it('evaluates Sub, Join, Select, Split, FindInMap, If, GetAZs, Base64, Cidr, ImportValue and pseudo parameters', () => {
    const e = env(body, {
      parameters: { Env: 'prod', Nets: ['a', 'b'] },
      resources: { Vpc: { physicalId: 'vpc-1', attributes: { CidrBlock: '10.0.0.0/16' } } },
    });
    expect(e.conditions).toEqual({ IsProd: true, NotProd: false, Both: true });
    const ev = (v: unknown) => evaluate(v, e, []);
    expect(ev({ 'Fn::Sub': '${AWS::StackName}-${Vpc}-${Vpc.CidrBlock}-${!Literal}-${AWS::AccountId}' })).toBe(
      'demo-vpc-1-10.0.0.0/16-${Literal}-123456789012',
    );
    expect(ev({ 'Fn::Sub': ['${x}/${AWS::Region}', { x: { Ref: 'Env' } }] })).toBe('prod/ap-northeast-1');
    expect(ev({ 'Fn::Join': ['-', { Ref: 'Nets' }] })).toBe('a-b');
    expect(ev({ 'Fn::Select': ['1', { 'Fn::GetAZs': '' }] })).toBe('ap-northeast-1c');
    expect(ev({ 'Fn::Split': ['/', '10.0.0.0/16'] })).toEqual(['10.0.0.0', '16']);
    expect(ev({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Type'] })).toBe('t3.small');
    expect(
      ev({ A: { 'Fn::If': ['NotProd', 'x', { Ref: 'AWS::NoValue' }] }, B: [1, { Ref: 'AWS::NoValue' }] }),
    ).toEqual({ B: [1] });
    expect(ev({ 'Fn::Base64': { 'Fn::Sub': 'echo ${Env}' } })).toBe(
      Buffer.from('echo prod').toString('base64'),
    );
    expect(ev({ 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 3, 8] })).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    expect(ev({ 'Fn::ImportValue': 'shared-vpc' })).toBe('vpc-123');
    expect(ev([{ Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }, { Ref: 'AWS::StackId' }])).toEqual([
      'aws',
      'amazonaws.com',
      'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/demo/x',
    ]);
  });

  it('explains what went wrong, with the path', () => {
    const e = env(body, { parameters: { Env: 'dev', Nets: [] } });
    expect(thrown(() => evaluate({ 'Fn::Select': [5, ['a']] }, e, ['Resources', 'X']))).toBe(
      'Template error: Fn::Select cannot select nonexistent value at index 5 | at Resources.X.Fn::Select',
    );
    expect(() => evaluate({ 'Fn::FindInMap': ['Sizes', 'test', 'Type'] }, e, [])).toThrow(
      'Unable to get mapping for Sizes::test::Type',
    );
    expect(() => evaluate({ 'Fn::ImportValue': 'nope' }, e, [])).toThrow('No export named nope found.');
  });

  it('carves CIDR blocks like Fn::Cidr', () => {
    expect(cidrSubnets('10.100.0.0/16', 2, 8)).toEqual(['10.100.0.0/24', '10.100.1.0/24']);
    expect(cidrSubnets('192.168.0.0/24', 4, 6)).toEqual([
      '192.168.0.0/26',
      '192.168.0.64/26',
      '192.168.0.128/26',
      '192.168.0.192/26',
    ]);
    expect(cidrSubnets('10.0.0.0/24', 2, 9)).toBeUndefined();
  });
});
