"""Formats responses with the AWS CLI's own formatter classes.

Reads a JSON array of cases on stdin, each {"file" or "json", "output",
"query"?, "title"?, "terminalWidth"?}, where the file or the JSON text holds
{"response": ...}; writes a
JSON array of {"stdout": ...} or {"error": ...}. Exits 3 when the awscli
module is missing (install it with: apt-get install awscli).
"""
import argparse
import io
import json
import sys

try:
    import jmespath
    from awscli.formatter import get_formatter
except ImportError:
    sys.stderr.write('awscli is not importable by %s\n' % sys.executable)
    sys.exit(3)


def run(case):
    if 'json' in case:
        response = json.loads(case['json'])['response']
    else:
        with open(case['file'], encoding='utf-8') as f:
            response = json.load(f)['response']
    query = case.get('query')
    args = argparse.Namespace(
        query=jmespath.compile(query) if query is not None else None,
        output=case['output'],
        color='off',
    )
    formatter = get_formatter(case['output'], args)
    if case['output'] == 'table':
        # MultiTable asks the terminal; pin the width the CLI uses off a terminal.
        formatter.table._terminal_width = case.get('terminalWidth', 80)
    stream = io.StringIO()
    formatter(case.get('title', ''), response, stream)
    return stream.getvalue()


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append({'stdout': run(case)})
        except Exception as e:  # the CLI would fail too; report the kind
            results.append({'error': '%s: %s' % (type(e).__name__, e)})
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
