import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { mappingStatus, taskStatus } from '../../../shared/mappings/lambda/index.ts';

describe('taskStatus: ESM → Connect task state', () => {
  const rows: [string, EventSourceMappingConfiguration, ReturnType<typeof taskStatus>][] = [
    ['Creating', { State: 'Creating' }, { id: 0, state: 'UNASSIGNED' }],
    ['Enabling', { State: 'Enabling' }, { id: 0, state: 'UNASSIGNED' }],
    ['Deleting', { State: 'Deleting' }, { id: 0, state: 'UNASSIGNED' }],
    ['Enabled, nothing polled yet', { State: 'Enabled' }, { id: 0, state: 'RUNNING' }],
    ['Enabled, OK', { State: 'Enabled', LastProcessingResult: 'OK' }, { id: 0, state: 'RUNNING' }],
    [
      'Enabled, no records',
      { State: 'Enabled', LastProcessingResult: 'No records processed' },
      { id: 0, state: 'RUNNING' },
    ],
    ['Updating, OK', { State: 'Updating', LastProcessingResult: 'OK' }, { id: 0, state: 'RUNNING' }],
    [
      'Enabled, SASL failure',
      { State: 'Enabled', LastProcessingResult: 'PROBLEM: SASL authentication failed' },
      { id: 0, state: 'FAILED', trace: 'PROBLEM: SASL authentication failed' },
    ],
    [
      'Disabled by the user',
      { State: 'Disabled', StateTransitionReason: 'USER_INITIATED' },
      { id: 0, state: 'PAUSED' },
    ],
    [
      'Disabling by the user',
      { State: 'Disabling', StateTransitionReason: 'USER_INITIATED' },
      { id: 0, state: 'PAUSED' },
    ],
    [
      'Disabled by Lambda: invalid config',
      { State: 'Disabled', StateTransitionReason: 'ESM_CONFIG_NOT_VALID' },
      { id: 0, state: 'FAILED', trace: 'ESM_CONFIG_NOT_VALID' },
    ],
    [
      'Disabled by Lambda: authentication, with the last result',
      {
        State: 'Disabled',
        StateTransitionReason: 'EVENT_SOURCE_AUTHN_ERROR',
        LastProcessingResult: 'PROBLEM: Server failed to authenticate Lambda',
      },
      {
        id: 0,
        state: 'FAILED',
        trace: 'EVENT_SOURCE_AUTHN_ERROR: PROBLEM: Server failed to authenticate Lambda',
      },
    ],
  ];
  it.each(rows)('%s', (_, esm, expected) => {
    expect(taskStatus(0, esm)).toEqual(expected);
  });
});

describe('mappingStatus: the connector', () => {
  const esm = (topic: string, State = 'Enabled'): EventSourceMappingConfiguration => ({
    Topics: [topic],
    State,
  });

  it('is STOPPED with no tasks once a stopped connector has no ESM left', () => {
    expect(mappingStatus('STOPPED', ['a'], [])).toEqual({ connector: { state: 'STOPPED' }, tasks: [] });
    expect(mappingStatus('STOPPED', ['a'], [esm('a', 'Deleting')])).toEqual({
      connector: { state: 'UNASSIGNED' },
      tasks: [],
    });
  });

  it('is UNASSIGNED until its ESMs exist, then follows its target; each task names its topic', () => {
    expect(mappingStatus('STARTED', ['a'], [])).toEqual({
      connector: { state: 'UNASSIGNED' },
      tasks: [{ id: 0, state: 'UNASSIGNED', topic: 'a' }],
    });
    expect(mappingStatus('STARTED', ['a', 'b'], [esm('b')])).toEqual({
      connector: { state: 'RUNNING' },
      tasks: [
        { id: 0, state: 'UNASSIGNED', topic: 'a' },
        { id: 1, state: 'RUNNING', topic: 'b' },
      ],
    });
    expect(
      mappingStatus('PAUSED', ['a'], [{ ...esm('a', 'Disabled'), StateTransitionReason: 'USER_INITIATED' }])
        .connector,
    ).toEqual({
      state: 'PAUSED',
    });
  });

  it('is FAILED with the config problem as trace', () => {
    expect(mappingStatus('STARTED', ['a'], [esm('a')], 'Configuration is invalid').connector).toEqual({
      state: 'FAILED',
      trace: 'Configuration is invalid',
    });
  });
});
