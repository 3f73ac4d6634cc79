/**
 * Reads a password: the first line of standard input with `--password-stdin`, else typed at a
 * terminal without echo. Never from the command line, where `ps` and shell history would keep it.
 * Undefined when neither is possible (standard input is not a terminal and the flag is absent).
 */
export async function readPassword(options: {
  readonly prompt: string;
  readonly stdin: boolean;
  readonly stderr: (text: string) => void;
}): Promise<string | undefined> {
  if (options.stdin) return firstLine(await readAll(process.stdin));
  if (!process.stdin.isTTY) return undefined;
  options.stderr(options.prompt);
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            input.off('data', onData);
            options.stderr('\n');
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            input.off('data', onData);
            reject(new Error('interrupted'));
            return;
          }
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The text up to the first line break: `printf '%s\n' "$PASSWORD" | …` sends one line. */
function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
