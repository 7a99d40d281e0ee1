import { describe, expect, it } from 'vitest';
import { applyUserData, DISK_BYTES, exec, listeningTcpPorts, stockInstanceModel } from './instance-model';

const BLOG_SCRIPT = `#!/bin/bash

sed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config

systemctl restart sshd

`;

describe('the user-data model', () => {
  it('starts from the stock Amazon Linux 2023 sshd_config, listening on 22', () => {
    const model = stockInstanceModel();
    expect(exec(model, 'grep Port /etc/ssh/sshd_config').stdout).toBe('#Port 22\n#GatewayPorts no\n');
    expect(listeningTcpPorts(model)).toEqual([22]);
  });

  it('applies the blog’s script: sshd moves to 51512, the backup keeps the original', () => {
    const model = stockInstanceModel();
    const report = applyUserData(model, BLOG_SCRIPT);
    expect(report.kind).toBe('script');
    expect(report.complete).toBe(true);
    expect(report.lines.map((l) => `${l.line}:${l.status}`)).toEqual(['3:applied', '5:applied']);
    expect(exec(model, 'sudo cat /etc/ssh/sshd_config | grep Port').stdout).toBe(
      'Port 51512\n#GatewayPorts no\n',
    );
    expect(exec(model, 'grep Port /etc/ssh/sshd_config.old').stdout).toBe('#Port 22\n#GatewayPorts no\n');
    expect(listeningTcpPorts(model)).toEqual([51512]);
  });

  it('does not change the listening port until sshd restarts', () => {
    const model = stockInstanceModel();
    const report = applyUserData(model, "#!/bin/bash\nsed -i 's/#Port 22/Port 2222/' /etc/ssh/sshd_config\n");
    expect(report.complete).toBe(true);
    expect(listeningTcpPorts(model)).toEqual([22]);
    exec(model, 'systemctl restart sshd.service');
    expect(listeningTcpPorts(model)).toEqual([2222]);
  });

  it('reports what it cannot apply instead of ignoring it', () => {
    const model = stockInstanceModel();
    const report = applyUserData(
      model,
      '#!/bin/bash\nyum install -y httpd\necho "Port $PORT" >> /etc/ssh/sshd_config\nsystemctl start httpd\necho done > /tmp/done\n',
    );
    expect(report.complete).toBe(false);
    expect(report.unsupported.map((l) => l.line)).toEqual([2, 3, 4]);
    expect(report.unsupported[0]!.detail).toContain('yum');
    expect(report.unsupported[1]!.detail).toContain('expansion');
    expect(report.unsupported[2]!.detail).toContain('httpd');
    expect(model.files['/tmp/done']).toBe('done\n');
  });

  it('reports cloud-config and scripts without #! as unsupported', () => {
    expect(applyUserData(stockInstanceModel(), '#cloud-config\npackages: [httpd]\n')).toMatchObject({
      kind: 'unsupported',
      complete: false,
    });
    expect(applyUserData(stockInstanceModel(), 'sed -i s/a/b/ /etc/x\n').unsupported[0]!.detail).toContain(
      '#!',
    );
    expect(applyUserData(stockInstanceModel(), '#!/usr/bin/python3\nprint(1)\n').kind).toBe('unsupported');
  });

  it('fails sshd on a bad port and records the failure', () => {
    const model = stockInstanceModel();
    const report = applyUserData(
      model,
      "#!/bin/bash\nsed -i -e 's/#Port 22/Port 99999/' /etc/ssh/sshd_config\nsystemctl restart sshd\n",
    );
    expect(report.lines[1]).toMatchObject({ status: 'failed' });
    expect(listeningTcpPorts(model)).toEqual([]);
    expect(model.sshd.error).toContain('Badly formatted port number');
  });

  it('adds ports from drop-ins under sshd_config.d and supports redirects', () => {
    const model = stockInstanceModel();
    applyUserData(
      model,
      "#!/bin/sh\necho 'Port 2022' > /etc/ssh/sshd_config.d/10-port.conf\necho 'Port 22' >> /etc/ssh/sshd_config.d/10-port.conf && systemctl restart sshd\n",
    );
    expect(listeningTcpPorts(model)).toEqual([2022, 22]);
  });

  it('fails sshd on an Include that includes itself, after 16 levels as OpenSSH does', () => {
    const model = stockInstanceModel();
    applyUserData(
      model,
      "#!/bin/bash\necho 'Include /etc/ssh/sshd_config.d/loop.conf' > /etc/ssh/sshd_config.d/loop.conf\nsystemctl restart sshd\n",
    );
    expect(listeningTcpPorts(model)).toEqual([]);
    expect(model.sshd.error).toContain('Too many recursive configuration includes');
  });

  it('reads includes that fan out ten-fold at every level without reading any file twice per level', () => {
    const model = stockInstanceModel();
    // 12 files, each including the next ten times: 10^12 reads if nothing bounded them.
    const lines = Array.from(
      { length: 12 },
      (_, i) =>
        `echo 'Include ${Array.from({ length: 10 }, () => `/etc/ssh/sshd_config.d/f${i + 1}.conf`).join(' ')}' > /etc/ssh/sshd_config.d/f${i}.conf`,
    );
    applyUserData(
      model,
      `#!/bin/bash\n${lines.join('\n')}\necho 'Port 2200' > /etc/ssh/sshd_config.d/f12.conf\nsystemctl restart sshd\n`,
    );
    expect(listeningTcpPorts(model)).toEqual([2200]);
  });
});

describe('the user-data model where it differed from bash and GNU grep', () => {
  it('reads grep patterns as POSIX basic expressions (-E extended), and refuses what it cannot translate', () => {
    const model = stockInstanceModel();
    model.files['/tmp/in'] = 'a+\n(\nPort 22\n';
    expect(exec(model, "grep 'a+' /tmp/in").stdout).toBe('a+\n');
    expect(exec(model, "grep -E 'a+' /tmp/in").stdout).toBe('a+\n');
    expect(exec(model, "grep -- '(' /tmp/in").stdout).toBe('(\n');
    expect(exec(model, "grep -F -E 'a' /tmp/in")).toMatchObject({ exitCode: 2 });
    // An invalid pattern threw a SyntaxError out of applyUserData, which stopped the sandbox from booting it.
    const report = applyUserData(model, "#!/bin/bash\ngrep -E '(' /tmp/in\ngrep 'Port\\|Listen' /tmp/in\n");
    expect(report.lines.map((l) => l.status)).toEqual(['unsupported', 'unsupported']);
  });

  it('keeps a line’s last backslash and refuses ~, as bash would expand it', () => {
    const model = stockInstanceModel();
    expect(exec(model, 'echo a\\').stdout).toBe('a\\\n');
    expect(() => exec(model, 'cat ~/.ssh/authorized_keys')).toThrow(/tilde/);
    expect(exec(model, "echo '~'").stdout).toBe('~\n');
  });
});

describe('the modelled disk', () => {
  const used = (files: Record<string, string>) => Object.values(files).reduce((n, v) => n + v.length, 0);

  it('fills up instead of the memory: a file doubled on every line fails with No space left on device', () => {
    // 18 such lines threw "Invalid string length" (after half a gigabyte) out of applyUserData.
    const model = stockInstanceModel();
    const report = applyUserData(
      model,
      `#!/bin/bash\n${'cat /etc/ssh/sshd_config >> /etc/ssh/sshd_config\n'.repeat(300)}systemctl restart sshd\n`,
    );
    expect(report.lines.filter((l) => l.status === 'applied').length).toBeGreaterThan(10);
    expect(report.lines.find((l) => l.status === 'failed')!.detail).toContain('No space left on device');
    expect(used(model.files)).toBeLessThanOrEqual(DISK_BYTES);
    expect(listeningTcpPorts(model)).toEqual([22]);
  });

  it('bounds what sed and cat produce, not only what is stored', () => {
    const model = stockInstanceModel();
    const grow = Array.from({ length: 6 }, () => "-e 's/.*/&&&&&&&&&&&&&&&&/'").join(' ');
    const report = applyUserData(
      model,
      `#!/bin/bash\nsed -i ${grow} /etc/ssh/sshd_config\ncat ${'/etc/ssh/sshd_config '.repeat(3000)}> /dev/null\n`,
    );
    expect(report.lines.map((l) => [l.status, l.detail])).toEqual([
      ['failed', "sed: couldn't write: No space left on device"],
      ['failed', 'cat: write error: No space left on device'],
    ]);
    expect(used(model.files)).toBeLessThanOrEqual(DISK_BYTES);
  });
});
