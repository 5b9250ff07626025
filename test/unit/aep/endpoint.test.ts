import { describe, expect, it } from 'vitest';
import { batchEndpoint, validateAepConfig } from '../../../shared/aep/index.ts';

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

  it.each([
    ['https://dcs.adobedc.net/collection/<your connection id>', '<your connection id>'],
    ['https://dcs.adobedc.net/collection/{CONNECTION_ID}', '{CONNECTION_ID}'],
    ['https://dcs.adobedc.net/collection/<inlet id>', '<inlet id>'],
  ])(
    'refuses the documentation placeholder in %s, saying where the id comes from',
    (endpoint, placeholder) => {
      expect(() => batchEndpoint(endpoint)).toThrow(
        `names the placeholder ${placeholder} where the streaming connection's id goes: copy the streaming endpoint URL of your connection from Experience Platform (Sources, HTTP API)`,
      );
    },
  );
});

describe('validate with a README placeholder endpoint', () => {
  it('reports it on aep.endpoint', () => {
    const problems = validateAepConfig({
      'aep.endpoint': 'https://dcs.adobedc.net/collection/<your connection id>',
    });
    expect(problems).toEqual([
      {
        key: 'aep.endpoint',
        message: expect.stringMatching(
          /^Invalid value https:\/\/dcs\.adobedc\.net\/collection\/<your connection id> for configuration aep\.endpoint: names the placeholder <your connection id>/,
        ),
      },
    ]);
  });
});
