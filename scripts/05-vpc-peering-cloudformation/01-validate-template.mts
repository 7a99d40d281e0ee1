#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 前提: the template is valid CloudFormation (the blog wrote it by hand and created it in the console).
import '../_lib/report-errors.mts';
import { ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { aws } from '@handson/labkit';
import { fileTemplateShown, templateBody } from './lab.mts';

await aws(new ValidateTemplateCommand({ TemplateBody: templateBody() }), {
  files: { TemplateBody: fileTemplateShown() },
  query: 'Parameters[].[ParameterKey,DefaultValue]',
  output: 'text',
});
