import { describe, expect, it } from 'vitest';
import {
  floatRepr,
  format,
  InvalidJsonError,
  PyFloat,
  pyRepr,
  renderResponse,
  renderResponseJson,
  textWidth,
  UnknownOutputFormatError,
} from '../src/index';

describe('format', () => {
  it('prints json with 4-space indents, raw UTF-8 and a trailing newline', () => {
    expect(format({ Name: '日本', N: [1, new PyFloat(2)], E: {} }, { output: 'json' })).toBe(
      '{\n    "Name": "日本",\n    "N": [\n        1,\n        2.0\n    ],\n    "E": {}\n}\n',
    );
  });

  it('prints nothing for an empty object in json, but prints other empty values', () => {
    expect(format({}, { output: 'json' })).toBe('');
    expect(format([], { output: 'json' })).toBe('[]\n');
    expect(format(null, { output: 'json' })).toBe('null\n');
  });

  it('prints None, True and False as Python does in text', () => {
    expect(format(null, { output: 'text' })).toBe('None\n');
    expect(format([true, false, null, 1.5], { output: 'text' })).toBe('True\tFalse\tNone\t1.5\n');
  });

  it('prints the IPRANGES rows of describe-security-groups', () => {
    const permissions = [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.100.0.0/16' }], UserIdGroupPairs: [] },
      { FromPort: 22, IpProtocol: 'tcp', ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.10/32' }] },
    ];
    expect(format([['Security Group for VPC2', permissions]], { output: 'text' })).toBe(
      'Security Group for VPC2\n\t-1\t\nIPRANGES\t10.100.0.0/16\n22\ttcp\t22\nIPRANGES\t203.0.113.10/32\n',
    );
  });

  it('titles tables and prints nothing for falsy results', () => {
    expect(format({ A: 'x', B: 'y' }, { output: 'table', title: 'T' })).toBe(
      // Exactly what the AWS CLI 2.9.19 formatter prints for this input.
      '------------\n|     T    |\n+----+-----+\n|  A |  B  |\n+----+-----+\n|  x |  y  |\n+----+-----+\n',
    );
    expect(format([], { output: 'table', title: 'T' })).toBe('');
    expect(format(0, { output: 'table', title: 'T' })).toBe('');
  });

  it('renders Dates as the CLI prints timestamps', () => {
    const result = { T: new Date('2021-07-02T13:08:20Z'), F: new Date('2021-07-02T13:08:20.123Z') };
    expect(format(result, { output: 'text' })).toBe(
      '2021-07-02T13:08:20.123000+00:00\t2021-07-02T13:08:20+00:00\n',
    );
  });

  it('rejects an unknown output format and lists the valid ones', () => {
    expect(() => format({}, { output: 'yaml' as 'json' })).toThrow(UnknownOutputFormatError);
    expect(() => format({}, { output: 'tabel' as 'json' })).toThrow(
      /Unknown output format "tabel": use one of json, text, table/,
    );
  });
});

describe('renderResponse', () => {
  it('drops ResponseMetadata, applies the query, defaults to json', () => {
    expect(
      renderResponse(
        { Vpcs: [{ VpcId: 'vpc-1' }], ResponseMetadata: { RequestId: 'r' } },
        { query: 'Vpcs[].VpcId' },
      ),
    ).toBe('[\n    "vpc-1"\n]\n');
  });

  it('says when JSON text is not JSON', () => {
    expect(() => renderResponseJson('{"Vpcs": [', { output: 'text' })).toThrow(InvalidJsonError);
    expect(() => renderResponseJson('Vpcs: []')).toThrow(/The input is not JSON/);
  });

  it('keeps 1.0 a float when the response comes as JSON text', () => {
    expect(renderResponseJson('{"A": 1.0, "B": 1}', { output: 'text' })).toBe('1.0\t1\n');
  });
});

describe('Python number and string forms', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [1e-7, '1e-07'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456.789, '123456.789'],
    [-0, '-0.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e300, '1.5e+300'],
    [Number.POSITIVE_INFINITY, 'inf'],
  ])('repr(%s) is %s', (value, expected) => {
    expect(floatRepr(value)).toBe(expected);
  });

  it('writes repr() of lists and dicts', () => {
    expect(pyRepr(["it's", 'a "b"', null, true, { k: new PyFloat(2) }])).toBe(
      `["it's", 'a "b"', None, True, {'k': 2.0}]`,
    );
  });
});

describe('textWidth', () => {
  it('counts East Asian wide and ambiguous characters as 2', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('ハンズオン')).toBe(10);
    expect(textWidth('ｱｲｳ')).toBe(3);
    expect(textWidth('°')).toBe(2);
    expect(textWidth('😀')).toBe(2);
  });
});
