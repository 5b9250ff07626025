// com.adobe.platform.streaming.sink.transformation.JsonPatchTransform (Adobe's connector, PR #58), on fast-json-patch.
import jsonpatch, { type Operation } from 'fast-json-patch';
import { ConfigDef, lambdaValidator } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import { PluginClass, PROJECT_VERSION } from '../constants.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';
import { isMap, jsonData } from '../support/data.ts';
import { javaClassName } from '../support/java.ts';

/** Parses and checks an RFC 6902 patch; returns the operations or the reason it is not one. */
function parsePatch(text: string): Operation[] | string {
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (e) {
    return `Failed to read json patch config: ${(e as Error).message}`;
  }
  if (!Array.isArray(patch))
    return 'Failed to read json patch config: a JSON Patch is an array of operations';
  const error = jsonpatch.validate(patch as Operation[]);
  return error
    ? `Failed to read json patch config: ${error.message.split('\n')[0]} (operation ${error.index})`
    : (patch as Operation[]);
}

const patchValidator = lambdaValidator('an RFC 6902 JSON Patch (a JSON array of operations)', (value) => {
  const patch = value === null || value === undefined ? undefined : parsePatch(String(value));
  return typeof patch === 'string' ? patch : undefined;
});

/**
 * Adobe's `JsonPatchTransform`: applies the RFC 6902 patch in `operations` to the record value (a JSON object; a
 * string or bytes value is parsed first) and gives the patched object. Unlike Adobe's version, a record the patch
 * cannot apply to fails (into `errors.tolerance` / the dead-letter queue) instead of passing unchanged.
 *
 * @example
 * jsonPatch // transforms.upsert.operations=[{"op":"add","path":"/header","value":{"operations":{"data":"merge"}}}]
 */
export const jsonPatch: TransformationPlugin = transformation({
  className: PluginClass.JSON_PATCH,
  version: PROJECT_VERSION,
  documentation:
    'Applies an RFC 6902 JSON Patch to the record value (a JSON object; string and byte values are parsed as JSON first). A record the patch cannot be applied to fails and goes to error handling.',
  configDef: () =>
    new ConfigDef().define({
      name: 'operations',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'The JSON Patch (RFC 6902) to apply, as a JSON array of operations.',
      validator: patchValidator,
    }),
  configure(config) {
    const operations = parsePatch(config.string('operations') as string) as Operation[];
    return {
      apply(record) {
        if (record.value === null || record.value === undefined) return record;
        const { value, parsed } = jsonData(record.value);
        if (!isMap(value)) {
          throw new DataException(
            `JsonPatchTransform needs a JSON object value, found: ${javaClassName(value)}`,
          );
        }
        try {
          const patched = jsonpatch.applyPatch(value, operations, true, parsed).newDocument;
          return { ...record, valueSchema: null, value: patched };
        } catch (e) {
          if (!(e instanceof jsonpatch.JsonPatchError)) throw e;
          const op = operations[e.index ?? 0];
          // The library's message embeds the whole document; ours names the operation only.
          throw new DataException(
            `JSON Patch operation ${e.index} (${op?.op} ${op?.path}) failed: ${e.name}`,
          );
        }
      },
    };
  },
});
