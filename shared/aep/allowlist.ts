// The deployment's allowlist of hosts the sink may send records and credentials to (`aep.allowed.hosts`, a worker or
// stack setting, never a connector key): whoever creates a connector cannot point it at another host.
import { ConfigException, type ConfigProblem } from '../config/index.ts';
import { AepKeys, DEFAULT_ALLOWED_HOSTS } from './constants.ts';
import type { AepConfig } from './settings.ts';

const PATTERN = /^(\*\.)?([a-z0-9*-]+\.)*[a-z0-9*-]+$|^\[[0-9a-f:.]+\]$/;
const IPV4_LOOPBACK = /^127(\.\d{1,3}){3}$/;

/**
 * Reads `aep.allowed.hosts`: comma-separated host patterns, case-insensitive. `*.example.com` matches every
 * subdomain of example.com (not example.com itself); `*` inside a label matches characters of that label only
 * (`ims-*.adobelogin.com`). Empty or unset: {@link DEFAULT_ALLOWED_HOSTS}. The list replaces the default, so a
 * deployment can also narrow it (`dcs.adobedc.net,ims-na1.adobelogin.com`).
 *
 * @throws {ConfigException} naming `aep.allowed.hosts` for a pattern that is not a host name, IP address or wildcard.
 * @example
 * parseAllowedHosts('127.0.0.1, localhost'); // ['127.0.0.1', 'localhost']
 * parseAllowedHosts(null);                   // ['*.adobedc.net', '*.adobe.io', 'ims-*.adobelogin.com']
 */
export function parseAllowedHosts(value: string | readonly string[] | null | undefined): readonly string[] {
  const items = (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  if (items.length === 0) return DEFAULT_ALLOWED_HOSTS;
  for (const item of items) {
    if (!PATTERN.test(item) || item === '*') {
      throw new ConfigException(
        'aep.allowed.hosts',
        item,
        'is not a host name, IP address or *.domain pattern',
      );
    }
  }
  return items;
}

/**
 * A connector that sets `aep.allowed.hosts` itself: refused (a 400 naming the key), since the allowlist is the
 * deployment's and a connector could otherwise widen it (it used to be silently ignored).
 *
 * @example
 * connectorAllowlistProblems({ 'aep.allowed.hosts': 'evil.test' }); // [{ key: 'aep.allowed.hosts', message: '…' }]
 */
export function connectorAllowlistProblems(config: Readonly<Record<string, string>>): ConfigProblem[] {
  const value = config[ALLOWED_HOSTS_KEY];
  if (value === undefined) return [];
  return [
    {
      key: ALLOWED_HOSTS_KEY,
      message: new ConfigException(
        ALLOWED_HOSTS_KEY,
        value,
        "is a deployment setting, not a connector key: set the worker property aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS) or, on AWS, the stack's aepAllowedHosts context (AEP_ALLOWED_HOSTS)",
      ).message,
    },
  ];
}

const ALLOWED_HOSTS_KEY = 'aep.allowed.hosts';

/**
 * Whether `host` (a URL's hostname) matches one of the patterns.
 *
 * @example
 * hostAllowed('dcs.adobedc.net', DEFAULT_ALLOWED_HOSTS);         // true
 * hostAllowed('ims-na1-stg1.adobelogin.com', DEFAULT_ALLOWED_HOSTS); // true
 * hostAllowed('adobedc.net.evil.test', DEFAULT_ALLOWED_HOSTS);   // false
 */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase();
  return patterns.some((pattern) => matches(name, pattern));
}

/**
 * The problems of the endpoints a parsed config would contact: `aep.endpoint` and, when IMS is used,
 * `aep.connection.auth.endpoint` must name an allowed host, and use https unless the host is a loopback address
 * (the AEP emulator). A proxy (`aep.connection.proxy.host`) that is not itself on loopback cannot be combined with a
 * loopback endpoint: the proxy would reach its own machine and see the requests in clear text. The sender refuses a
 * config with problems before sending anything.
 *
 * @example
 * checkAllowedEndpoints(config, parseAllowedHosts(process.env.AEP_ALLOWED_HOSTS));
 * // [{ key: 'aep.endpoint', message: 'Invalid value http://10.0.0.1/collection/x for configuration aep.endpoint: …' }]
 */
export function checkAllowedEndpoints(config: AepConfig, allowedHosts: readonly string[]): ConfigProblem[] {
  const endpoints: [string, string][] = [[AepKeys.ENDPOINT, config.endpoint]];
  if (config.auth && config.auth.type !== 'static')
    endpoints.push([AepKeys.AUTH_ENDPOINT, config.auth.endpoint]);
  const problems: ConfigProblem[] = [];
  for (const [key, endpoint] of endpoints) {
    const reason = endpointProblem(endpoint, allowedHosts);
    if (reason) problems.push({ key, message: new ConfigException(key, endpoint, reason).message });
  }
  // A proxy opens the tunnel to a loopback address on its own machine, and plain http through it is readable there:
  // the records and credentials would go to the proxy host, which the allowlist does not cover. A proxy on this
  // machine (a loopback proxy) reaches the same loopback endpoint.
  const loopback = endpoints.find(([, endpoint]) => isLoopback(new URL(endpoint).hostname));
  if (config.proxy && loopback && !isLoopback(config.proxy.host.toLowerCase())) {
    const key = AepKeys.PROXY_HOST;
    problems.push({
      key,
      message: new ConfigException(
        key,
        config.proxy.host,
        `a proxy cannot be used with the loopback endpoint ${loopback[0]}=${loopback[1]}: the proxy would receive its requests, credentials included`,
      ).message,
    });
  }
  return problems;
}

function endpointProblem(endpoint: string, allowedHosts: readonly string[]): string | undefined {
  const url = new URL(endpoint);
  if (!hostAllowed(url.hostname, allowedHosts)) {
    return `host ${url.hostname} is not in the deployment's allowed hosts (aep.allowed.hosts: ${allowedHosts.join(',')}); to allow it, add it to the worker property aep.allowed.hosts (CONNECT_AEP_ALLOWED_HOSTS) or, on AWS, the stack's aepAllowedHosts context (AEP_ALLOWED_HOSTS)`;
  }
  if (url.protocol !== 'https:' && !isLoopback(url.hostname)) return 'must use https';
  return undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || IPV4_LOOPBACK.test(host);
}

// `*.` stands for one or more leading labels; `*` inside a label matches within that label only.
function matches(host: string, pattern: string): boolean {
  const anyPrefix = pattern.startsWith('*.');
  const patternLabels = (anyPrefix ? pattern.slice(2) : pattern).split('.');
  const hostLabels = host.split('.');
  const extra = hostLabels.length - patternLabels.length;
  if (anyPrefix ? extra < 1 : extra !== 0) return false;
  return patternLabels.every((label, i) => labelMatches(hostLabels[extra + i] ?? '', label));
}

function labelMatches(label: string, pattern: string): boolean {
  if (!pattern.includes('*')) return label === pattern;
  return new RegExp(`^${pattern.replaceAll('*', '[a-z0-9-]*')}$`).test(label);
}
