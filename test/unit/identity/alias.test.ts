import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AliasRules,
  aliasFromInvokedArn,
  connectorAliasArn,
  connectorAliasName,
  unqualifiedFunctionArn,
} from '../../../shared/identity/index.ts';

const fn = 'arn:aws:lambda:eu-west-1:123456789012:function:aep-sink';

describe('connectorAliasName', () => {
  it('is a readable slug of the name plus a hash', () => {
    expect(connectorAliasName('orders-sink')).toMatch(/^orders-sink-[0-9a-f]{16}$/);
    expect(connectorAliasName('orders → AEP (eu)')).toMatch(/^orders-AEP-eu-[0-9a-f]{16}$/);
    expect(connectorAliasName('→→')).toMatch(/^connector-[0-9a-f]{16}$/);
  });

  it('gives any connector name a valid, stable alias', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400, unit: 'binary' }), (name) => {
        const alias = connectorAliasName(name);
        expect(alias).toMatch(AliasRules.PATTERN);
        expect(alias.length).toBeLessThanOrEqual(128);
        expect(connectorAliasName(name)).toBe(alias);
      }),
      { numRuns: 500 },
    );
  });

  it('gives distinct names distinct aliases, even when their slugs are equal', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 200 }), { minLength: 2, maxLength: 50 }),
        (names) => {
          expect(new Set(names.map(connectorAliasName)).size).toBe(names.length);
        },
      ),
      { numRuns: 200 },
    );
    expect(connectorAliasName('a b')).not.toBe(connectorAliasName('a/b'));
    const long = 'x'.repeat(300);
    expect(connectorAliasName(long)).not.toBe(connectorAliasName(`${long}y`));
  });
});

describe('ARNs', () => {
  it('round-trips the alias through the invoked ARN', () => {
    const arn = connectorAliasArn(`${fn}:live`, 'orders');
    expect(arn).toBe(`${fn}:${connectorAliasName('orders')}`);
    expect(aliasFromInvokedArn(arn)).toBe(connectorAliasName('orders'));
  });

  it('finds no alias in unqualified, $LATEST or version ARNs', () => {
    expect(aliasFromInvokedArn(fn)).toBeUndefined();
    expect(aliasFromInvokedArn(`${fn}:$LATEST`)).toBeUndefined();
    expect(aliasFromInvokedArn(`${fn}:42`)).toBeUndefined();
  });

  it('refuses what is not a function ARN', () => {
    expect(() => unqualifiedFunctionArn('arn:aws:sqs:eu-west-1:123456789012:q')).toThrow(
      /Not a Lambda function ARN/,
    );
  });
});
