import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConnectorJson, readConnectorFile } from '../../../shared/connector/index.ts';
import { tempFiles } from '../../support/files.ts';

const { dir, file } = tempFiles('connector-files-');

describe('readConnectorFile', () => {
  it('reads a standalone-style .properties connector', () => {
    const path = file(
      'aep.properties',
      'name=aep\nconnector.class=com.adobe.platform.streaming.sink.impl.AEPSinkConnector\ntopics=orders\naep.endpoint=https://dcs.adobedc.net/collection/x\n',
    );
    expect(readConnectorFile(path)).toEqual({
      name: 'aep',
      config: {
        name: 'aep',
        'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
        topics: 'orders',
        'aep.endpoint': 'https://dcs.adobedc.net/collection/x',
      },
    });
  });

  it('reads JSON as POST /connectors takes it, turning scalars into strings', () => {
    const path = file(
      'aep.json',
      JSON.stringify({
        name: 'aep',
        config: { topics: 'orders', 'tasks.max': 2, 'errors.log.enable': true },
        initial_state: 'PAUSED',
      }),
    );
    expect(readConnectorFile(path)).toEqual({
      name: 'aep',
      config: { topics: 'orders', 'tasks.max': '2', 'errors.log.enable': 'true' },
      initialState: 'PAUSED',
    });
  });

  it('reads a flat JSON config map', () => {
    expect(readConnectorFile(file('flat.json', '{"name":"flat","topics":"t"}'))).toEqual({
      name: 'flat',
      config: { name: 'flat', topics: 't' },
    });
  });

  it('names the file and the JSON path or key at fault', () => {
    expect(() => readConnectorFile(file('bad.json', '{"name":"x","config":{"topics":["a"]}}'))).toThrow(
      /bad\.json: \$\.config\["topics"\] must be a string/,
    );
    expect(() => readConnectorFile(file('noname.properties', 'topics=t\n'))).toThrow(
      /noname\.properties: name is missing/,
    );
    expect(() => readConnectorFile(file('broken.json', '{'))).toThrow(/broken\.json: \$ is not valid JSON/);
    expect(() => readConnectorFile(join(dir, 'missing.properties'))).toThrow(
      /Cannot read .*missing\.properties/,
    );
  });

  it('takes the name of a POST /connectors body, or the config’s when the body’s is blank', () => {
    expect(parseConnectorJson('X', '{"name":" a ","config":{"name":"b"}}').name).toBe('a');
    expect(parseConnectorJson('X', '{"name":"","config":{"name":"b"}}').name).toBe('b');
    expect(() => parseConnectorJson('X', '{"name":"","config":{}}')).toThrow('X: $.name is missing');
    expect(() => parseConnectorJson('X', '{"name":"a","config":{},"initial_state":1}')).toThrow(
      'X: $.initial_state must be RUNNING, PAUSED or STOPPED',
    );
  });
});
