import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/services/actor.js';
import { loginAs, type SignedInClient, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let viewer: SignedInClient;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
  await server.services.identity.createUser(SYSTEM_ACTOR, {
    username: 'jp.reader',
    password: 'a-long-enough-passphrase-2024',
    name: 'JP reader',
    nation: 'JPN',
    clearance: 'SECRET',
    roles: ['viewer'],
  });
  viewer = await loginAs(server, 'jp.reader', 'a-long-enough-passphrase-2024');
});
afterAll(async () => {
  await server?.close();
});

describe('labels over the API: markings and NATO STANAG 4774', () => {
  it('canonicalises a marking into banner and portion form', async () => {
    const { status, body } = await viewer.send('POST', '/api/labels/describe', { label: 'secret//rel to jpn, usa' });
    expect(status).toBe(200);
    expect(body.banner).toBe('SECRET//REL TO USA, JPN');
    expect(body.portion).toBe('(S//REL TO USA, JPN)');
  });

  it('writes STANAG 4774 XML and reads it back to the same label', async () => {
    const written = await fetch(`${server.url}/api/labels/stanag4774`, {
      method: 'POST',
      headers: { ...viewer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'SECRET//REL TO USA, JPN' }),
    });
    const xml = await written.text();
    expect(written.headers.get('content-type')).toContain('application/xml');
    expect(xml).toContain('urn:nato:stanag:4774:confidentialitymetadatalabel:1:0');
    expect(xml).toMatch(/<slab:GenericValue>JPN<\/slab:GenericValue>/);
    const read = await fetch(`${server.url}/api/labels/from-stanag4774`, {
      method: 'POST',
      headers: { ...viewer.headers, 'content-type': 'application/xml' },
      body: xml,
    });
    expect(((await read.json()) as { banner: string }).banner).toBe('SECRET//REL TO USA, JPN');
  });

  it('refuses a bad marking and a hostile STANAG document with a clear error', async () => {
    const bad = await viewer.send('POST', '/api/labels/describe', { label: 'SECRET//NOFORN//REL TO JPN' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('C2_BAD_MARKING');
    const hostile = await fetch(`${server.url}/api/labels/from-stanag4774`, {
      method: 'POST',
      headers: { ...viewer.headers, 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    });
    expect(hostile.status).toBe(400);
    expect(await hostile.text()).not.toContain('root:');
  });

  it('needs a signed-in user', async () => {
    expect((await server.send('POST', '/api/labels/describe', { label: 'UNCLASSIFIED' })).status).toBe(401);
  });
});
