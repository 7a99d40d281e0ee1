import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli';
import { jupyterArgs } from '../src/launch-jupyter';

// The command line is checked against the arguments it hands to the launcher; no Jupyter is started.
const launched = vi.hoisted(() => ({ calls: [] as unknown[] }));
vi.mock('../src/launch-jupyter', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/launch-jupyter')>()),
  launchJupyter: async (options: unknown) => {
    launched.calls.push(options);
    return 0;
  },
}));

/** Runs `handson-notebook jupyter ...args`; what commander prints (help, errors) is returned, not shown. */
async function jupyterCommand(...args: string[]): Promise<{ printed: string; exit?: string }> {
  const program = buildProgram();
  let printed = '';
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => {
        printed += text;
      },
      writeErr: (text) => {
        printed += text;
      },
    });
  }
  try {
    await program.parseAsync(['node', 'handson-notebook', 'jupyter', ...args]);
    return { printed };
  } catch (error) {
    return { printed, exit: (error as { code?: string }).code };
  }
}

describe('npm run jupyter: arguments', () => {
  beforeEach(() => {
    launched.calls = [];
  });

  it('passes Jupyter options straight through, in order, with or without a second --', async () => {
    await jupyterCommand('--port', '9999');
    await jupyterCommand('--', '--port', '9999');
    await jupyterCommand('--ip', '0.0.0.0', 'lab.ipynb', '--ServerApp.token=', '--no-browser');
    await jupyterCommand('--port', '9999', '--', '--ip', '0.0.0.0');
    expect(launched.calls.map((call) => (call as { extraArgs: string[] }).extraArgs)).toEqual([
      ['--port', '9999'],
      ['--port', '9999'],
      ['--ip', '0.0.0.0', 'lab.ipynb', '--ServerApp.token=', '--no-browser'],
      ['--port', '9999', '--ip', '0.0.0.0'],
    ]);
  });

  it('keeps its own --dry-run wherever it stands before --, and gives Jupyter the one after', async () => {
    await jupyterCommand('--port', '9999', '--dry-run');
    await jupyterCommand('--port', '9999', '--', '--dry-run');
    expect(launched.calls).toEqual([
      { dryRun: true, extraArgs: ['--port', '9999'] },
      { dryRun: undefined, extraArgs: ['--port', '9999', '--dry-run'] },
    ]);
  });

  it('--help prints the usage and starts nothing; Jupyter’s own help is after --', async () => {
    const help = await jupyterCommand('--help');
    expect(help.exit).toBe('commander.help');
    expect(help.printed).toContain('Usage: handson-notebook jupyter [options] [jupyterArgs...]');
    expect(help.printed).toContain('--allow-root');
    expect((await jupyterCommand('--port', '9999', '-h')).exit).toBe('commander.help');
    expect(launched.calls).toEqual([]);
    await jupyterCommand('--', '--help');
    await jupyterCommand('--port', '9999', '--', '--help');
    expect(launched.calls.map((call) => (call as { extraArgs: string[] }).extraArgs)).toEqual([
      ['--help'],
      ['--port', '9999', '--help'],
    ]);
  });
});

describe('npm run jupyter: the command it spawns', () => {
  const lab = ['-m', 'jupyterlab'];

  it('adds --allow-root as root (uid 0), after the app and before the user’s arguments', () => {
    expect(jupyterArgs(lab, ['--port', '9999'], 0)).toEqual([
      '-m',
      'jupyterlab',
      '--allow-root',
      '--port',
      '9999',
    ]);
    expect(jupyterArgs([], [], 0)).toEqual(['--allow-root']);
  });

  it('adds nothing for other users, or where the platform has no uids', () => {
    expect(jupyterArgs(lab, ['--port', '9999'], 1000)).toEqual(['-m', 'jupyterlab', '--port', '9999']);
    expect(jupyterArgs(lab, [], undefined)).toEqual(['-m', 'jupyterlab']);
  });

  it('leaves it to the user who already says something about it', () => {
    expect(jupyterArgs(lab, ['--allow-root'], 0)).toEqual(['-m', 'jupyterlab', '--allow-root']);
    expect(jupyterArgs(lab, ['--ServerApp.allow_root=False'], 0)).toEqual([
      '-m',
      'jupyterlab',
      '--ServerApp.allow_root=False',
    ]);
  });
});
