// Calls a Connect REST app in-process, as curl would over HTTP: JSON bodies with their Content-Type.
import type { Hono } from 'hono';

/**
 * `call(method, path, body?)` on `app`: the status and the parsed JSON body (undefined when empty).
 *
 * @example
 * const call = restClient(createConnectApp({ herder }));
 * const { status, body } = await call('POST', '/connectors', { name: 'orders', config });
 */
export function restClient(app: Pick<Hono, 'fetch'>) {
  const send = restTextClient(app);
  return async (method: string, path: string, body?: unknown) => {
    const { status, text } = await send(method, path, body);
    return { status, body: text ? JSON.parse(text) : undefined };
  };
}

/** {@link restClient} answering the body as the raw text. */
export function restTextClient(app: Pick<Hono, 'fetch'>) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await app.fetch(
      new Request(`http://connect.test${path}`, {
        method,
        ...(body !== undefined && {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
      }),
    );
    return { status: response.status, text: await response.text() };
  };
}
