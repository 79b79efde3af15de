/**
 * Environment variable definitions as SolutionPackager lays them out: one folder per variable under
 * `environmentvariabledefinitions/<schema name>/environmentvariabledefinition.xml`. No value files: values belong
 * to the organisation (the add-on writes them), so an upgrade never overwrites a stored licence.
 */
import { ENVIRONMENT_VARIABLES, EnvironmentVariableSpec } from './components';
import { XML_DECLARATION, element, escapeXml, indent } from './xml';

export function environmentVariableZipPath(schemaName: string): string {
  return `environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`;
}

export function environmentVariableDefinitionXml(variable: EnvironmentVariableSpec): string {
  const label = (container: string, text: string): string[] => [
    `<${container} default="${escapeXml(text)}">`,
    `  ${element('label', { description: text, languagecode: '1033' })}`,
    `</${container}>`,
  ];
  const body = [
    ...(variable.defaultValue !== undefined ? [element('defaultvalue', {}, variable.defaultValue)] : []),
    ...label('description', variable.description),
    ...label('displayname', variable.displayName),
    element('introducedversion', {}, '1.0.0.0'),
    element('iscustomizable', {}, '1'),
    element('isrequired', {}, '0'),
    element('secretstore', {}, '0'),
    element('type', {}, String(variable.type)),
  ];
  return [
    XML_DECLARATION,
    element('environmentvariabledefinition', { schemaname: variable.schemaName }).replace(' />', '>'),
    ...indent(body, 1),
    '</environmentvariabledefinition>',
    '',
  ].join('\r\n');
}

export function environmentVariableFiles(): { path: string; content: string }[] {
  return ENVIRONMENT_VARIABLES.map((variable) => ({
    path: environmentVariableZipPath(variable.schemaName),
    content: environmentVariableDefinitionXml(variable),
  }));
}
