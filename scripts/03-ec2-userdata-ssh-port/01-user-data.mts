#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 手順2. ユーザーデータの作成: the blog's `cat << EOF > ${FILE_USER_DATA}`, then `cat` and `ls` of the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { step } from '../_lib/entry.mts';
import { dirUserData, fileUserData, USER_DATA, USER_DATA_NAME, vars } from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-user-data');

console.log(`$ DIR_USER_DATA="\${HOME}/environment/conf-handson-cli-ec2"`);
console.log(`$ mkdir -p \${DIR_USER_DATA}`);
const DIR_USER_DATA = dirUserData(); // created owner-only
const FILE_USER_DATA = fileUserData();
console.log(`$ USER_DATA_NAME='${USER_DATA_NAME}'`);
console.log(`$ FILE_USER_DATA="\${DIR_USER_DATA}/\${USER_DATA_NAME}.bash" && echo \${FILE_USER_DATA}`);
console.log(FILE_USER_DATA);

// The heredoc as the terminal showed it: each body line after the `> ` continuation prompt.
const heredoc = USER_DATA.split('\n').slice(0, -1);
console.log(`$ cat << EOF > \${FILE_USER_DATA}\n${heredoc.map((line) => `> ${line}`).join('\n')}\n> EOF`);
writeFileSync(FILE_USER_DATA, USER_DATA, { mode: 0o600 });

process.stdout.write(`$ cat \${FILE_USER_DATA}\n${readFileSync(FILE_USER_DATA, 'utf8')}`);
console.log(`$ ls \${FILE_USER_DATA}\n${FILE_USER_DATA}`);
vars.set('DIR_USER_DATA', DIR_USER_DATA);
vars.set('FILE_USER_DATA', FILE_USER_DATA);
