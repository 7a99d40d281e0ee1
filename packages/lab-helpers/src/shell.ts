// The shell idioms the blog's scripts lean on, as functions that print what the shell printed (Lab 04's send,
// receive and delete scripts; its notebook runs the same loops).
import { formatJson, query } from '@handson/cli';

/** `date +%H:%M:%S` (local time, as the shell's date prints it). */
export function clockTime(date = new Date()): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/** `echo ${VAR}` without quotes: the shell splits the value into words and echo joins them with one space. */
export function echo(text: string): void {
  console.log(echoLine(text));
}

/** The line `echo ${VAR}` prints, without its newline. */
export function echoLine(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ');
}

/** `cat FILE | jp.py 'EXPR' | sed 's/[]\"\[]//g'`: jp.py prints JSON indented by 4, sed drops [ ] and ". */
export function jpSed(savedJson: string, expression: string): string {
  const result = query(JSON.parse(savedJson), expression);
  return formatJson(result).replace(/[\]"[]/g, '');
}
