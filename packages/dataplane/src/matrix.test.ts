import { describe, expect, it } from 'vitest';
import { blogPeeringSnapshot } from './__fixtures__/blog-peering';
import { reachabilityMatrix, servicesFromConsoleOutput } from './matrix';

describe('reachabilityMatrix', () => {
  it('gives the six ordered pairs of the blog with the reason for each failure', () => {
    const rows = reachabilityMatrix(blogPeeringSnapshot(), [
      'handson-vpc-peering1',
      'handson-vpc-peering2',
      'handson-vpc-peering3',
    ]);
    expect(rows.map((r) => `${r.from.slice(-1)}${r.to.slice(-1)}:${r.reachable}`)).toEqual([
      '12:true',
      '13:false',
      '21:true',
      '23:true',
      '31:false',
      '32:true',
    ]);
    expect(rows[1]!.reason!.en).toContain('not transitive');
    expect(rows[4]!.reason!.ja).toContain('推移的でない');
    expect(rows[0]!.reason).toBeUndefined();
  });
});

describe('servicesFromConsoleOutput', () => {
  it('reads sshd’s listening lines and nothing else', () => {
    expect(
      servicesFromConsoleOutput(
        'x\nsshd: Server listening on 0.0.0.0 port 51512.\nsshd: Server listening on :: port 51512.\n',
      ),
    ).toEqual({ tcp: [51512] });
    expect(servicesFromConsoleOutput('[    0.000000] Linux version 6.1\n')).toBeUndefined();
  });
});
