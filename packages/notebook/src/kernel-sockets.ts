import { createRequire } from 'node:module';

/**
 * Why the kernel binds its sockets synchronously (what bin/tslab-kernel.js calls this for).
 *
 * tslab starts reading its shell, control and heartbeat sockets before it binds them, then binds all five
 * with zeromq's asynchronous `bind()`. That call marks the socket "blocked" and runs `zmq_bind` on a libuv
 * worker thread; the socket is unblocked only when the main thread runs the bind's completion callback. But
 * the socket accepts connections as soon as `zmq_bind` returns on the worker, and Jupyter's client has been
 * trying to connect since it started the kernel. When its first message is delivered in that gap (a worker
 * thread waiting for a CPU right after `zmq_bind` returns is enough, so it happens on busy machines), tslab's
 * receive loop takes the message and asks for the next one, zeromq throws "Socket is blocked by a bind or
 * unbind operation" (EBUSY), and the `for await` loop over the shell socket ends for good. The kernel is alive
 * but never reads a request again, so the client waits out its start timeout (nbclient: 60 s). A handler
 * publishing on the iopub socket while that one's bind is pending fails the same way (that request is lost).
 *
 * zeromq's `bindSync()` blocks and unblocks the socket within one call, so no JavaScript, and so none of
 * tslab's loops, can run while a socket is blocked; binding a loopback port takes well under a millisecond.
 */
export function bindKernelSocketsSynchronously(onBindError: BindErrorHandler = exitOnBindError): void {
  const prototype = zmqServerPrototype();
  prototype.bindSocket = function bindSocket(this: ZmqServerLike, socket: KernelSocket, port: number) {
    const address = `${this.connInfo.transport}://${this.connInfo.ip}:${port}`;
    try {
      socket.bindSync(address);
    } catch (error) {
      onBindError(address, error as Error);
      return Promise.reject(error);
    }
    return Promise.resolve();
  };
}

export type BindErrorHandler = (address: string, error: Error) => void;

/**
 * A port Jupyter chose can be taken by another process before the kernel binds it. tslab would go on with that
 * socket missing and the client would wait out its timeout; exiting lets Jupyter see the kernel die (Jupyter
 * Server then restarts it on new ports).
 */
function exitOnBindError(address: string, error: Error): void {
  console.error(`the TypeScript kernel cannot listen on ${address}: ${error.message}`);
  process.exit(1);
}

export interface KernelSocket {
  bindSync(address: string): void;
}

interface ZmqServerLike {
  connInfo: { transport: string; ip: string };
}

interface ZmqServerPrototype {
  bindSocket(this: ZmqServerLike, socket: KernelSocket, port: number): Promise<void>;
}

/** tslab's kernel server class; `bindSocket` is private in its declarations, hence the structural type. */
export function zmqServerPrototype(): ZmqServerPrototype {
  const jupyter = createRequire(__filename)('tslab/dist/jupyter') as {
    ZmqServer?: { prototype: Partial<ZmqServerPrototype> };
  };
  const prototype = jupyter.ZmqServer?.prototype;
  if (typeof prototype?.bindSocket !== 'function') {
    throw new Error(
      "tslab's ZmqServer has no bindSocket: bin/tslab-kernel.js was written for tslab 1.0.22; check src/kernel-sockets.ts against the installed tslab",
    );
  }
  return prototype as ZmqServerPrototype;
}
