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
        result = listedSchema(convert(options));
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

/**
 * The schema as tools/list shows it, without what costs every model tokens and tells it
 * nothing: the `$schema` line (MCP assumes 2020-12 without one), upper bounds no real call
 * comes near (zod puts the largest safe integer on every integer), the length bounds of
 * strings, and `additionalProperties: false`. The server still checks every argument
 * against the full zod schema.
 */
function listedSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return trimmed(rest) as Record<string, unknown>;
}

/** `names` is set for a `properties` object, whose keys are argument names, not keywords. */
function trimmed(value: unknown, names = false): unknown {
  if (Array.isArray(value)) return value.map((item) => trimmed(item));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!names && isNoise(key, inner)) continue;
    out[key] = trimmed(inner, !names && key === 'properties');
  }
  return out;
}

function isNoise(keyword: string, value: unknown): boolean {
  // A bound no real call comes near only guards against absurd input.
  if (keyword === 'maximum') return typeof value === 'number' && value >= 1_000_000;
  if (keyword === 'minimum') return value === Number.MIN_SAFE_INTEGER;
  // An output's object never carries more than its fields: zod strips the rest before sending.
  if (keyword === 'additionalProperties') return value === false;
  return keyword === 'minLength' || keyword === 'maxLength';
}
