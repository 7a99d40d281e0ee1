// Lab 02's picture: the blog's pipeline as its stages, each with what it produced in this run (the count, the
// access-key file, the lines after each jp.py / sed / grep stage, the credentials file), secrets masked.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { modeString } from '@handson/credentials';
import { type BoxEdge, type BoxNode, boxDiagram } from '@handson/labkit';

export interface PipelineRun {
  count: number;
  fileAccessKey: string;
  fileUserCredential: string;
  /** Each stage's command and output, as runPipeline gives them. */
  stages: { command: string; output: string }[];
  /** Masks the secret in a line. */
  mask: (text: string) => string;
}

const PER_ROW = 4;
const lineCount = (text: string) => text.split('\n').filter((line) => line !== '').length;
const cut = (text: string, max = 42) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const file = (path: string) => `${modeString(path)} ${statSync(path).size} bytes`;

/** The stages in reading order, laid out as a snake (left to right, then back), so arrows stay short. */
export function pipelineDiagram(run: PipelineRun): string {
  const boxes: Omit<BoxNode, 'id' | 'column' | 'row'>[] = [
    {
      title: 'list-access-keys + 1',
      lines: ["--query 'length(AccessKeyMetadata[])'", `COUNT_IAM_ACCESS_KEYS=${run.count}`],
    },
    { title: 'create-access-key >', lines: [basename(run.fileAccessKey), file(run.fileAccessKey)] },
    ...run.stages.map((stage, i) => {
      const first = stage.output.split('\n').find((line) => line.trim() !== '') ?? '(nothing)';
      return {
        title: `stage ${i + 1}: ${lineCount(stage.output)} lines`,
        lines: [cut(stage.command), cut(run.mask(first.trim()))],
      };
    }),
    {
      title: '>> credentials file',
      lines: [basename(run.fileUserCredential), file(run.fileUserCredential)],
      tone: 'ok',
    },
  ];
  const nodes: BoxNode[] = boxes.map((box, i) => {
    const row = Math.floor(i / PER_ROW);
    const along = i % PER_ROW;
    return { ...box, id: `s${i}`, row, column: row % 2 === 0 ? along : PER_ROW - 1 - along };
  });
  const edges: BoxEdge[] = nodes.slice(1).map((node, i) => ({ from: `s${i}`, to: node.id }));
  return boxDiagram({
    title: 'Lab 02: from create-access-key to the credentials file',
    nodes,
    edges,
    boxWidth: 290,
    boxHeight: 70,
    gapX: 50,
  });
}
