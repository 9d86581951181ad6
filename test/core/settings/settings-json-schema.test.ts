// The JSON Schema of the settings file is derived from the zod schema, so it describes
// every setting, with its default and bounds, and cannot drift from what Airlock checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTINGS_JSON_SCHEMA } from '../../../main/core/settings/settings-json-schema.ts';
import { SettingsFileSchema } from '../../../main/core/settings/settings-schema.ts';

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

const root = SETTINGS_JSON_SCHEMA as JsonSchemaNode & { $schema?: string };
const section = (name: string): JsonSchemaNode => {
  const node = root.properties?.[name];
  assert.ok(node, `the JSON Schema describes "${name}"`);
  return node;
};

describe('the settings JSON Schema', () => {
  it('is a draft 2020-12 schema of an object', () => {
    assert.equal(root.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(root.type, 'object');
  });

  it('describes every section and every field the zod schema has', () => {
    const defaults = SettingsFileSchema.parse({}) as Record<string, unknown>;
    assert.deepEqual(Object.keys(root.properties ?? {}).sort(), Object.keys(defaults).sort());
    for (const [name, value] of Object.entries(defaults)) {
      if (Array.isArray(value)) continue;
      assert.deepEqual(
        Object.keys(section(name).properties ?? {}).sort(),
        Object.keys(value as object).sort(),
        `every field of "${name}"`,
      );
    }
  });

  it('shows defaults and bounds, so an editor can guide a person', () => {
    const port = section('http').properties?.port;
    assert.equal(port?.default, 47474);
    assert.equal(port?.minimum, 0);
    assert.equal(port?.maximum, 65535);
    assert.deepEqual(section('app').properties?.theme?.enum, ['system', 'light', 'dark']);
    assert.equal(section('access').properties?.paused?.default, false);
  });
});
