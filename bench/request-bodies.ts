// The floor's request building, shared by the benchmarks: messages joined into `{"messages":[…]}` bodies of at
// most `capBytes` (characters of ASCII-heavy JSON), as any AEP batch sink must build them.

/**
 * @example
 * requestBodies(['{"a":1}', '{"b":2}'], 1_000_000); // ['{"messages":[{"a":1},{"b":2}]}']
 */
export function requestBodies(messages: Iterable<string>, capBytes: number): string[] {
  const bodies: string[] = [];
  let body: string[] = [];
  let size = 0;
  for (const message of messages) {
    if (size + message.length + 1 > capBytes - 20 && body.length > 0) {
      bodies.push(`{"messages":[${body.join(',')}]}`);
      body = [];
      size = 0;
    }
    body.push(message);
    size += message.length + 1;
  }
  bodies.push(`{"messages":[${body.join(',')}]}`);
  return bodies;
}
