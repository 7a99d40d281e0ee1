"""Runs Debian's AWS CLI v2 for the project's tests, one command per JSON line on stdin, in one interpreter.
Started with the Python an AWS CLI v1 is installed for, it runs that v1 the same way.

/usr/bin/aws is a thin script around awscli.clidriver: each command there pays for starting Python and
importing awscli (about half a CPU-second); here only the first one does. Each command still gets a new
botocore session, exactly the environment and working directory it was given, and its own stdout and
stderr, so it prints what /usr/bin/aws prints for the same arguments (test/aws-cli.test.ts checks that).
The sessions share one data loader per data path: what it reads (service models, endpoints.json, the
directory listings behind them) is the same files for every command, and reading them again was most of
a command's cost (175 ms of CPU a command before, 47 ms after, over 30 IAM, EC2, SQS and STS calls).

Request:  {"id": 1, "args": ["sqs", "list-queues"], "env": {...}, "cwd": "/tmp/x"}
Answer:   {"id": 1, "code": 0, "stdout": "...", "stderr": "..."}

With --socket PATH it also answers the same requests on a Unix socket, one JSON line each way per
connection: bash scripts reach it through aws_cli_client.py (a shell function named aws), so the blog's own
shell scripts, which call aws dozens of times, run on the same driver.
"""
import io
import json
import os
import socketserver
import sys
import threading

import awscli.clidriver
import botocore.loaders
import botocore.session

# awscli adds its own data directory to AWS_DATA_PATH when it is imported; every command needs it.
DATA_PATH = os.environ.get('AWS_DATA_PATH')
CHANNEL_IN = sys.stdin
CHANNEL_OUT = sys.stdout
LOADERS = {}


def shared_loader(search_path_string=None):
    """botocore.loaders.create_loader, once per data path: its instance caches then serve every session."""
    loader = LOADERS.get(search_path_string)
    if loader is None:
        loader = LOADERS[search_path_string] = botocore.loaders.create_loader(search_path_string)
    return loader


# A session asks for its loader through this name (botocore.session imported it from botocore.loaders).
botocore.session.create_loader = shared_loader


class Capture(io.TextIOWrapper):
    """A text stream with a .buffer, as awscli writes bytes to some outputs."""

    def __init__(self):
        super().__init__(io.BytesIO(), encoding='utf-8', newline='', write_through=True)

    def text(self):
        self.flush()
        return self.buffer.getvalue().decode('utf-8', 'replace')


def run(request):
    env = request.get('env') or {}
    os.environ.clear()
    os.environ.update(env)
    if DATA_PATH and 'AWS_DATA_PATH' not in env:
        os.environ['AWS_DATA_PATH'] = DATA_PATH
    # As /usr/bin/aws does before it imports awscli.
    if os.environ.get('LC_CTYPE', '') == 'UTF-8':
        os.environ['LC_CTYPE'] = 'en_US.UTF-8'
    here = os.getcwd()
    out, err = Capture(), Capture()
    sys.stdout, sys.stderr = out, err
    try:
        if request.get('cwd'):
            os.chdir(request['cwd'])
        code = main(request['args'])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        sys.stdout, sys.stderr = CHANNEL_OUT, sys.__stderr__
        os.chdir(here)
    return {'id': request.get('id'), 'code': code, 'stdout': out.text(), 'stderr': err.text()}


def main(args):
    """The CLI's own entry point: v2's AWSCLIEntryPoint, or v1's driver (the blog's CLI)."""
    entry = getattr(awscli.clidriver, 'AWSCLIEntryPoint', None)
    if entry is not None:
        return entry().main(args)
    return awscli.clidriver.create_clidriver().main(args)


# One command at a time: each takes over the process's environment, directory and standard streams.
LOCK = threading.Lock()


def answer(line):
    with LOCK:
        return json.dumps(run(json.loads(line))) + '\n'


class Connection(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline()
        if line:
            self.wfile.write(answer(line.decode('utf-8')).encode('utf-8'))


if len(sys.argv) == 3 and sys.argv[1] == '--socket':
    server = socketserver.UnixStreamServer(sys.argv[2], Connection)
    threading.Thread(target=server.serve_forever, daemon=True).start()

for line in CHANNEL_IN:
    CHANNEL_OUT.write(answer(line))
    CHANNEL_OUT.flush()
