// Config plumbing shared by every stage: schema validation with path-named errors, YAML files.
export { validateConfig, schemaProblems, duplicateIdProblems, configError, configPath, deepFreeze, type ConfigProblem } from './validate-config.js';
export { readYamlFile, parseYamlText } from './read-yaml-file.js';
