#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the template is valid CloudFormation (the blog wrote it by hand and created it in the console).
import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { fileTemplateShown, templateBody } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-validate-template');

await aws(new ValidateTemplateCommand({ TemplateBody: templateBody() }), {
  files: { TemplateBody: fileTemplateShown() },
  query: 'Parameters[].[ParameterKey,DefaultValue]',
  output: 'text',
});
