// The Lambda API the deployed façade drives, faked with aws-sdk-client-mock: aliases and event source mappings kept
// in memory as Lambda would keep them, so that what the façade creates it can read, update and list again.
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Resets `lambda` and answers its alias and event source mapping calls for the function `sink`.
 *
 * @example
 * const lambda = mockClient(LambdaClient);
 * beforeEach(() => fakeLambdaApi(lambda, SINK));
 */
export function fakeLambdaApi(lambda: AwsClientStub<LambdaClient>, sink: string): void {
  const esms: EventSourceMappingConfiguration[] = [];
  lambda.reset();
  const aliases = new Set<string>();
  const notFound = () => Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
  lambda.on(GetAliasCommand).callsFake((input) => {
    if (!aliases.has(input.Name)) throw notFound();
    return { AliasArn: `${sink}:${input.Name}`, Name: input.Name, FunctionVersion: '$LATEST' };
  });
  lambda.on(CreateAliasCommand).callsFake((input) => {
    aliases.add(input.Name);
    return { AliasArn: `${sink}:${input.Name}`, Name: input.Name, FunctionVersion: '$LATEST' };
  });
  lambda.on(CreateEventSourceMappingCommand).callsFake((input) => {
    const esm = {
      ...input,
      UUID: `uuid-${esms.length}`,
      State: 'Enabled',
      FunctionArn: input.FunctionName,
    } as EventSourceMappingConfiguration;
    esms.push(esm);
    return esm;
  });
  lambda.on(ListEventSourceMappingsCommand).callsFake((input) => ({
    EventSourceMappings: esms.filter((e) => e.FunctionArn === input.FunctionName),
  }));
  lambda.on(GetEventSourceMappingCommand).callsFake((input) => {
    const esm = esms.find((e) => e.UUID === input.UUID);
    if (!esm) throw notFound();
    return esm;
  });
  lambda.on(UpdateEventSourceMappingCommand).callsFake((input) => {
    const esm = esms.find((e) => e.UUID === input.UUID);
    if (!esm) throw notFound();
    if (input.Enabled !== undefined) esm.State = input.Enabled ? 'Enabled' : 'Disabled';
    return esm;
  });
}
