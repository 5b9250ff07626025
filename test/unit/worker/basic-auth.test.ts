import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { basicAuthFromFile } from '../../../shared/worker/index.ts';
import { tempFiles } from '../../support/files.ts';

const { file } = tempFiles('basic-auth-');
const credentials = file(
  'users.properties',
  '# Connect PropertyFileLoginModule format\nadmin: s3cret\nops=other\n',
);

const app = new Hono().use('*', basicAuthFromFile(credentials)).get('/', (c) => c.json({ version: '4.1.1' }));
const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('basicAuthFromFile', () => {
  it('admits every user of the credentials file', async () => {
    expect((await app.request('/', { headers: basic('admin', 's3cret') })).status).toBe(200);
    expect((await app.request('/', { headers: basic('ops', 'other') })).status).toBe(200);
  });

  it("answers 401 in Connect's error shape without or with wrong credentials", async () => {
    const none = await app.request('/');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    expect(await none.json()).toEqual({ error_code: 401, message: 'User not authenticated' });
    expect((await app.request('/', { headers: basic('admin', 'wrong') })).status).toBe(401);
  });

  it('refuses a file with no user, naming the file', () => {
    const empty = file('empty.properties', '# nobody\n');
    expect(() => basicAuthFromFile(empty)).toThrow(/empty\.properties has no user/);
  });
});
