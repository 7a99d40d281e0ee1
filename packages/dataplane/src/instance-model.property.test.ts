import { fuzz } from '@handson/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyUserData, exec, listeningTcpPorts, stockInstanceModel } from './instance-model';

/** The suite's fixed seed (HANDSON_FUZZ_SEED overrides it, see @handson/test-support fuzz). */
const SEED = 20261205;

/** Lines a user-data script might hold: the blog's, other supported commands, unsupported ones, and noise. */
const line = fc.oneof(
  fc.constantFrom(
    "sed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config",
    'systemctl restart sshd',
    'sudo service sshd restart',
    'systemctl stop sshd',
    'systemctl is-active sshd || true',
    "echo 'Port 2022' >> /etc/ssh/sshd_config.d/10-port.conf",
    'cat /etc/ssh/sshd_config | grep Port > /tmp/ports',
    'grep -c Port < /etc/ssh/sshd_config',
    'yum install -y httpd',
    'echo "$HOME"',
    'cd /tmp && ls',
    'set -euxo pipefail',
    '# a comment',
    '',
    'false && echo never',
    'Port 22 \\',
  ),
  fc
    .array(
      fc.constantFrom(
        ...'ab |&;<>\'"\\$`*?(){}[]~#-=/.2'.split(''),
        'sed ',
        'grep ',
        's/',
        'echo ',
        '2>&1',
        '<<',
      ),
      {
        maxLength: 10,
      },
    )
    .map((parts) => parts.join('')),
);
const script = fc
  .record({
    shebang: fc.constantFrom('#!/bin/bash', '#!/bin/sh', '#!/usr/bin/env bash'),
    lines: fc.array(line, { maxLength: 8 }),
  })
  .map(({ shebang, lines }) => [shebang, ...lines].join('\n'));

describe('applyUserData over random scripts', () => {
  it('never throws, reports every command line once and in order, and leaves a JSON-serialisable model', () => {
    fc.assert(
      fc.property(script, (text) => {
        const model = stockInstanceModel();
        const report = applyUserData(model, text);
        expect(report.kind).toBe('script');
        // The logical lines: a trailing backslash joins the next line; blank lines and comments run nothing.
        const logical = text
          .replace(/\\\n/g, '')
          .split('\n')
          .slice(1)
          .map((l) => l.trim());
        expect(report.lines.map((l) => l.text)).toEqual(
          logical.filter((l) => l !== '' && !l.startsWith('#')),
        );
        for (const l of report.lines) {
          expect(['applied', 'failed', 'unsupported']).toContain(l.status);
          if (l.status !== 'applied') expect(l.detail).toBeTruthy();
        }
        expect(report.complete).toBe(report.unsupported.length === 0);
        expect(JSON.parse(JSON.stringify(model))).toEqual(model);
      }),
      fuzz(400, SEED),
    );
  });

  it('moves sshd to any valid port with the blog’s script, and applying it again changes neither config nor port', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.boolean(),
        fc.constantFrom(
          'systemctl restart sshd',
          'sudo systemctl restart sshd.service',
          'service sshd restart',
        ),
        (port, backup, restart) => {
          const text = `#!/bin/bash\nsed -i${backup ? '.old' : ''} -e 's/#Port 22/Port ${port}/g' /etc/ssh/sshd_config\n${restart}\n`;
          const model = stockInstanceModel();
          expect(applyUserData(model, text).complete).toBe(true);
          expect(listeningTcpPorts(model)).toEqual([port]);
          const config = model.files['/etc/ssh/sshd_config'];
          expect(exec(model, 'grep ^Port /etc/ssh/sshd_config').stdout).toBe(`Port ${port}\n`);
          applyUserData(model, text);
          expect(model.files['/etc/ssh/sshd_config']).toBe(config);
          expect(listeningTcpPorts(model)).toEqual([port]);
        },
      ),
      fuzz(200, SEED),
    );
  });

  it('fails sshd, and listens nowhere, on a port sshd rejects', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 65536 }), fc.constant(0), fc.constantFrom('ssh', '-1', '22x')),
        (port) => {
          const model = stockInstanceModel();
          const report = applyUserData(
            model,
            `#!/bin/bash\nsed -i 's/#Port 22/Port ${port}/' /etc/ssh/sshd_config\nsystemctl restart sshd\n`,
          );
          expect(report.lines.map((l) => l.status)).toEqual(['applied', 'failed']);
          expect(listeningTcpPorts(model)).toEqual([]);
          expect(model.sshd.error).toContain('Badly formatted port number');
        },
      ),
      fuzz(100, SEED),
    );
  });
});
