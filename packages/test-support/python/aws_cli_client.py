"""`aws` for bash scripts in the tests: hands its arguments, environment and directory to the driver's
socket (HANDSON_AWS_CLI_SOCKET) and prints what the AWS CLI printed, exiting with its code. Standard library
only and started with -S, so it costs milliseconds where /usr/bin/aws costs half a second."""
import json
import os
import socket
import sys
import time

request = {'args': sys.argv[1:], 'env': dict(os.environ), 'cwd': os.getcwd()}
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
    # A driver started a moment ago may not have bound its socket yet: give it up to 20 s.
    deadline = time.monotonic() + 20
    while True:
        try:
            channel.connect(os.environ['HANDSON_AWS_CLI_SOCKET'])
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    channel.sendall((json.dumps(request) + '\n').encode('utf-8'))
    with channel.makefile('rb') as reply:
        result = json.loads(reply.readline().decode('utf-8'))
sys.stdout.write(result['stdout'])
sys.stderr.write(result['stderr'])
sys.exit(result['code'])
