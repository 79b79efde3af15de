/**
 * The privileges an install needs, as "Privileges by message" lists them for the three messages an upgrade sends
 * (docs/dataverse-lines.md): ImportSolution (gg327891), DeleteAndPromote (mt607492) and PublishAllXml (gg309497).
 * The ImportSolution page says the exact set depends on the package; the add-on asks for all of it, so Install is
 * never offered to someone whose import would fail half-way. System Administrator and System Customizer hold them.
 */
export const INSTALL_PRIVILEGES: readonly string[] = [
  ...new Set([
    // ImportSolution
    'prvCreateCustomization', 'prvReadArticleTemplate', 'prvReadBusinessUnit', 'prvReadConnectionRole', 'prvReadContractTemplate',
    'prvReadCustomization', 'prvReadEmailTemplate', 'prvReadEntityMap', 'prvReadFieldSecurityProfile', 'prvReadMailMergeTemplate',
    'prvReadPluginAssembly', 'prvReadQuery', 'prvReadReport', 'prvReadRole', 'prvReadSdkMessageProcessingStep', 'prvReadSolution',
    'prvReadSystemForm', 'prvReadWebResource', 'prvWriteArticleTemplate', 'prvWriteConnectionRole', 'prvWriteContractTemplate',
    'prvWriteCustomization', 'prvWriteOrganization', 'prvWriteQuery', 'prvWriteSolution', 'prvWriteSystemForm',
    // DeleteAndPromote
    'prvDeleteSolution', 'prvReadPublisher',
    // PublishAllXml
    'prvReadSavedQueryVisualizations',
  ]),
];
