// How the server talks to its client: stdio (editors, tests) or node IPC (the VS Code client). A stream
// whose framing broke, say a corrupted Content-Length, cannot be put back in step: rather than stay alive
// but deaf, the server says why on stderr and exits, so that the client restarts it.
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

export interface Transport {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
}

/** The transport the command line names, or undefined (the library then reports the missing choice). */
export function transportFromArguments(argv: readonly string[], exit: (reason: string) => never = exitForRestart): Transport | undefined {
  const transport = argv.includes('--node-ipc')
    ? { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) }
    : argv.includes('--stdio')
      ? { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout) }
      : undefined;
  transport?.reader.onError((error) => exit(`cannot read the client's messages (${firstLine(error)})`));
  transport?.writer.onError(([error]) => exit(`cannot write to the client (${firstLine(error)})`));
  return transport;
}

function exitForRestart(reason: string): never {
  process.stderr.write(`premortem language server: ${reason}; exiting so that the client restarts it\n`);
  process.exit(1);
}

function firstLine(error: Error): string {
  return error.message.split('\n')[0]!;
}
