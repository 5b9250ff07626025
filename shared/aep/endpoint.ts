// The batch URL of a DCS inlet. `AbstractAEPPublisher.getAepEndpoint` rewrites `/collection/` to `/collection/batch/`
// (every occurrence, so an endpoint that already names the batch path becomes `/collection/batch/batch/`); here the
// batch path is kept as it is and the query string is kept too.

const COLLECTION_PATH = /^(?<prefix>.*\/collection\/)(?<batch>batch\/)?(?<id>[^/]+)\/?$/;

/**
 * The batch endpoint of `aep.endpoint`: `…/collection/{id}` becomes `…/collection/batch/{id}`; an endpoint already on
 * `…/collection/batch/{id}` is used as is. Query parameters are kept.
 *
 * @throws {Error} when the value is not an http(s) URL whose path ends in `/collection/{id}`; the message is the reason.
 * @example
 * batchEndpoint('https://dcs.adobedc.net/collection/abc?x=1'); // 'https://dcs.adobedc.net/collection/batch/abc?x=1'
 * batchEndpoint('https://dcs.adobedc.net/collection/batch/abc'); // unchanged
 */
export function batchEndpoint(endpoint: string): string {
  const url = parseHttpUrl(endpoint);
  const match = COLLECTION_PATH.exec(url.pathname);
  if (!match?.groups) {
    throw new Error('must be a DCS inlet URL such as https://dcs.adobedc.net/collection/{CONNECTION_ID}');
  }
  const { prefix, id } = match.groups as { prefix: string; id: string };
  if (id === 'batch') throw new Error('names no connection id after /collection/batch/');
  // A documentation placeholder left in (`<your connection id>`, `{CONNECTION_ID}`) would send every record to a
  // connection that does not exist; no id Adobe issues has brackets, braces or spaces.
  if (/[<>{}\s]/.test(decodeURIComponent(id))) {
    throw new Error(
      `names the placeholder ${decodeURIComponent(id)} where the streaming connection's id goes: copy the streaming endpoint URL of your connection from Experience Platform (Sources, HTTP API)`,
    );
  }
  url.pathname = `${prefix}batch/${id}`;
  return url.toString();
}

/**
 * Parses an absolute http or https URL without credentials.
 *
 * @throws {Error} with the reason when it is not one.
 * @example
 * parseHttpUrl('https://ims-na1.adobelogin.com').host; // 'ims-na1.adobelogin.com'
 */
export function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('must be an https URL');
  if (url.username || url.password) throw new Error('must not carry credentials');
  return url;
}
