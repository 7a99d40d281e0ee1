import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../labs/run-lab';

/**
 * tslab type-checks every cell against every declaration file its program reaches, and rebuilds that
 * program twice per cell, so a cell's cost grows with the number of files. The helper packages' declarations
 * must not drag in the SDK clients a notebook does not import itself (EC2's alone are 1,065 files): that made
 * each cell of the SQS notebook three times slower than it needs to be. Checked with the TypeScript that the
 * kernel really uses, on the built declarations the kernel really reads.
 */
const tslabRequire = createRequire(require.resolve('tslab/package.json', { paths: [ROOT] }));
const ts = tslabRequire('@tslab/typescript-for-tslab') as typeof import('typescript');

// A file the program is asked to compile but that only exists in memory, next to the notebooks.
const CELL = join(ROOT, 'notebooks', '__declaration_weight_cell__.ts');

function compile(source: string) {
  const options: import('typescript').CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    skipLibCheck: true,
    strict: true,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => f === CELL || fileExists.call(host, f);
  host.readFile = (f) => (f === CELL ? source : readFile.call(host, f));
  host.getSourceFile = (f, v, ...rest) =>
    f === CELL ? ts.createSourceFile(f, source, v) : getSourceFile.call(host, f, v, ...rest);
  const program = ts.createProgram([CELL], options, host);
  const sdkDeclarations = program
    .getSourceFiles()
    .filter((f) => /node_modules\/@(aws-sdk|smithy)\//.test(f.fileName)).length;
  const sdkClients = new Set(
    program
      .getSourceFiles()
      .map((f) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(f.fileName)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const errors = ts
    .getPreEmitDiagnostics(program, program.getSourceFile(CELL))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return {
    files: program.getSourceFiles().length,
    sdkDeclarations,
    sdkClients: [...sdkClients].sort(),
    errors,
  };
}

describe('what a notebook cell that imports the helper packages makes tslab load', () => {
  it('labkit, @handson/aws, @handson/cli (both entry points) and notebook name no SDK client of their own', () => {
    const result = compile(`
      import { aws, workDir } from '@handson/labkit';
      import { clients, ec2TagSpecifications, resolveTarget } from '@handson/aws';
      import { allPages, awsConfigure, formatJson } from '@handson/cli';
      import { decodePolicyDocuments, toCliCommand } from '@handson/cli/command';
      import { check } from '@handson/notebook';
      export { aws, workDir, clients, ec2TagSpecifications, resolveTarget, formatJson, check };
      export { allPages, awsConfigure, decodePolicyDocuments, toCliCommand };
    `);
    expect(result.errors).toEqual([]);
    expect(result.sdkClients).toEqual([]);
  });

  it("@handson/cli's main entry (output, pages, errors, masking, aws configure) loads no SDK declaration at all", () => {
    // Only its ./command entry reads the SDK's schemas; a cell that formats output should not pay for them.
    const result = compile(`
      import { allPages, awsConfigure, cliErrorMessage, errorCodes, formatJson, maskSecret, printOutput, query } from '@handson/cli';
      export { allPages, awsConfigure, cliErrorMessage, errorCodes, formatJson, maskSecret, printOutput, query };
    `);
    expect(result.errors).toEqual([]);
    expect(result.sdkDeclarations).toBe(0);
  });

  it('a cell that imports SQS loads SQS only, and calls through clients() keep their exact types', () => {
    const result = compile(`
      import { ListQueuesCommand } from '@aws-sdk/client-sqs';
      import { clients } from '@handson/aws';
      import { aws } from '@handson/labkit';
      export async function cell() {
        const listed = await clients().sqs.send(new ListQueuesCommand({}));
        const urls: string[] | undefined = listed.QueueUrls;
        const step = await aws(new ListQueuesCommand({ QueueNamePrefix: 'handson' }));
        const again: string[] | undefined = step.output.QueueUrls;
        // @ts-expect-error the output type is exact: a list of URLs is not a number
        const wrong: number = listed.QueueUrls;
        return [urls, again, wrong];
      }
    `);
    expect(result.errors).toEqual([]);
    expect(result.sdkClients).toEqual(['client-sqs']);
  });

  it('a wrong input type is still caught at compile time (the command checks it)', () => {
    const result = compile(`
      import { CreateKeyPairCommand } from '@aws-sdk/client-ec2';
      import { clients, ec2TagSpecifications } from '@handson/aws';
      export const sent = clients().ec2.send(
        new CreateKeyPairCommand({ KeyName: 'k', TagSpecifications: ec2TagSpecifications('01-x', ['key-pairr']) }),
      );
    `);
    expect(result.errors.join('\n')).toMatch(/"key-pairr"/);
  });
});
