// docs/configuration.md is generated from the config definitions: it must list every key exactly as the code
// defines it. Run `npm run docs` after changing a key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_DOC, renderConfigurationDoc } from '../../../scripts/config-docs.ts';

describe('docs/configuration.md', () => {
  it('is up to date with the config definitions (run `npm run docs`)', () => {
    expect(readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(renderConfigurationDoc());
  });

  it('lists the Java connector keys and ours with their defaults', () => {
    const doc = renderConfigurationDoc();
    expect(doc).toContain('| `aep.connection.maxRetries` | INT | `3` |');
    expect(doc).toContain('| `aep.connection.auth.client.secret` | PASSWORD | – |');
    expect(doc).toContain('| `errors.tolerance` | STRING | `none` |');
    expect(doc).toContain('| `esm.batch.size` | INT | `100` |');
  });
});
