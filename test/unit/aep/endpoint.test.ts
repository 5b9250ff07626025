import { describe, expect, it } from 'vitest';
import { batchEndpoint } from '../../../shared/aep/index.ts';

describe('batchEndpoint', () => {
  it.each([
    ['https://dcs.adobedc.net/collection/abc', 'https://dcs.adobedc.net/collection/batch/abc'],
    ['https://dcs.adobedc.net/collection/abc/', 'https://dcs.adobedc.net/collection/batch/abc'],
    ['https://dcs.adobedc.net/collection/batch/abc', 'https://dcs.adobedc.net/collection/batch/abc'],
    [
      'https://dcs.adobedc.net/collection/abc?x-adobe-flow-id=f1&a=b',
      'https://dcs.adobedc.net/collection/batch/abc?x-adobe-flow-id=f1&a=b',
    ],
    ['http://127.0.0.1:4010/collection/inlet-1', 'http://127.0.0.1:4010/collection/batch/inlet-1'],
    ['https://edge.example/dcs/collection/abc', 'https://edge.example/dcs/collection/batch/abc'],
  ])('sends batches for %s to %s', (endpoint, expected) => {
    expect(batchEndpoint(endpoint)).toBe(expected);
  });

  it('does not repeat the batch segment the way the Java connector does', () => {
    expect(batchEndpoint('https://dcs.adobedc.net/collection/batch/abc')).not.toContain('batch/batch');
  });

  it.each([
    ['dcs.adobedc.net/collection/abc', 'must be an absolute URL'],
    ['ftp://dcs.adobedc.net/collection/abc', 'must be an https URL'],
    ['https://dcs.adobedc.net/abc', 'must be a DCS inlet URL'],
    ['https://dcs.adobedc.net/collection/', 'must be a DCS inlet URL'],
    ['https://dcs.adobedc.net/collection/batch/', 'names no connection id'],
    ['https://dcs.adobedc.net/collection/a/b', 'must be a DCS inlet URL'],
  ])('refuses %s', (endpoint, reason) => {
    expect(() => batchEndpoint(endpoint)).toThrow(reason);
  });
});
