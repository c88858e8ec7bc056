// Config plumbing shared by every stage: schema validation with path-named errors, YAML files read
// as bounded data, and the folders a config's file names may reach.
export { validateConfig, schemaProblems, duplicateIdProblems, configError, configPath, deepFreeze, type ConfigProblem } from './validate-config.js';
export { readYamlFile, parseYamlText, YAML_MAX_ALIAS_COUNT } from './read-yaml-file.js';
export { readConfigText, CONFIG_FILE_MAX_BYTES, type ReadConfigTextOptions } from './read-config-text.js';
export { configFileError } from './config-file-error.js';
export { configFileScope, resolveInScope, isInsideRoots, type ConfigFileScope, type ScopedPathKind } from './config-roots.js';
export { forbiddenKeyProblems, FORBIDDEN_KEYS, MAX_CONFIG_DEPTH } from './forbidden-keys.js';
export { oneLine, shownName } from './shown-name.js';
export { numberLimits, schemaDefault, literalValues, type NumberLimits } from './schema-limits.js';
