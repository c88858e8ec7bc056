// The node's config schemas as request schemas. In a config schema a field with a default is
// `required` (the validator fills the default first); in a request it is optional, and the API
// fills no defaults (a PATCH must reach the node as sent). So each object schema loses from its
// `required` list the properties that have a default; everything else, bounds included, stays.
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;

/** A plain JSON copy of `schema` (TypeBox's symbol keys dropped) where properties with a default are not required. */
export function requestSchema(schema: object): Json {
  return relax(JSON.parse(JSON.stringify(schema)) as Json);
}

function relax(s: Json): Json {
  for (const key of SUBSCHEMA_MAPS) {
    const map = s[key];
    if (isObject(map)) for (const sub of Object.values(map)) if (isObject(sub)) relax(sub);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list) if (isObject(sub)) relax(sub);
  }
  for (const key of SUBSCHEMAS) {
    const sub = s[key];
    if (isObject(sub)) relax(sub);
    else if (Array.isArray(sub)) for (const item of sub) if (isObject(item)) relax(item);
  }
  const properties = s.properties;
  if (Array.isArray(s.required) && isObject(properties)) {
    const required = s.required.filter((name) => !(isObject(properties[name as string]) && 'default' in (properties[name as string] as Json)));
    if (required.length > 0) s.required = required;
    else delete s.required;
  }
  return s;
}
