import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const AWS_CLI = '/usr/bin/aws';
