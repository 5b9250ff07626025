// The AEP sink as both hosts run it: the pipeline with the AEP sender, Connect's transforms and the AEP secrets
// hidden from logs. The Lambda function and the local worker differ only in where configs come from and where
// metrics go.
import { type AepSenderDeps, aepConfigDef, createAepSender } from '../aep/index.ts';
import { buildTransformationChain } from '../transforms/index.ts';
import { createSinkHandler, type SinkHandler, type SinkHandlerDeps } from './handler.ts';

/** What a host supplies: the config source and its observability; `aep` carries the allowlist and AEP metrics. */
export interface AepSinkHandlerOptions
  extends Pick<
    SinkHandlerDeps,
    'configSource' | 'logger' | 'metrics' | 'mappingDefaults' | 'createDeadLetterQueue'
  > {
  readonly aep: Pick<AepSenderDeps, 'allowedHosts' | 'logger' | 'metrics'>;
}

/**
 * The sink handler delivering to AEP, with transforms, exactly as the Lambda function and the local worker run it.
 *
 * @example
 * const sink = createAepSinkHandler({ configSource, aep: { allowedHosts: parseAllowedHosts(undefined) } });
 */
export function createAepSinkHandler(options: AepSinkHandlerOptions): SinkHandler {
  const { aep, ...deps } = options;
  return createSinkHandler({
    ...deps,
    createSender: (config) => createAepSender(config, aep),
    createTransforms: buildTransformationChain,
    secretDefs: [aepConfigDef()],
  });
}
