/**
 * Makes a schema remember its JSON Schema. The SDK converts a tool's zod schemas to JSON
 * Schema for every server instance, and over HTTP each 2026-era request gets its own
 * instance: without this, every call re-converts the same fifteen schemas.
 */
type JsonSchemaConverter = (options: { target: string }) => Record<string, unknown>;

interface StandardWithJson {
  jsonSchema?: { input: JsonSchemaConverter; output: JsonSchemaConverter };
}

const cached = new WeakSet<object>();

export function cacheJsonSchema<Schema extends object>(schema: Schema): Schema {
  if (cached.has(schema)) return schema;
  const standard = (schema as { '~standard'?: StandardWithJson })['~standard'];
  const original = standard?.jsonSchema;
  if (!standard || !original) return schema;
  const remember = (convert: JsonSchemaConverter): JsonSchemaConverter => {
    const results = new Map<string, Record<string, unknown>>();
    return (options) => {
      const key = JSON.stringify(options);
      let result = results.get(key);
      if (!result) {
        result = convert(options);
        results.set(key, result);
      }
      // A copy: the SDK may add to what it gets back.
      return structuredClone(result);
    };
  };
  standard.jsonSchema = { input: remember(original.input), output: remember(original.output) };
  cached.add(schema);
  return schema;
}
