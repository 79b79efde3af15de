/**
 * Small but real release files for the demo: a ZIP (stored entries, CRC-32 from zlib) shaped like a Dataverse
 * solution export ([Content_Types].xml, solution.xml, customizations.xml). The add-on engineers publish their
 * real solution zips through `assurance publish`; these only make downloads in the demo real bytes.
 */
import { crc32 } from 'node:zlib';

interface Entry {
  name: string;
  data: Buffer;
}

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // A fixed DOS timestamp (2020-01-01 00:00) keeps the bytes, hence the sha256, deterministic.
  const dosTime = 0;
  const dosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, entry.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * A solution-shaped zip for an add-on version (version in Dataverse's four-part form), built for one CRM line
 * (`SolutionPackageVersion`, issue #9: the oldest line the release targets) and managed unless told otherwise.
 */
export function demoSolutionZip(input: { addon: string; name: string; version: string; notes?: string; packageLine?: string; managed?: boolean }): Buffer {
  const line = input.packageLine ?? '9.2';
  const unique = `cra_${input.addon.replace(/[^a-z0-9]/g, '')}`;
  const solution = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="${line}.0.0" SolutionPackageVersion="${line}" languagecode="1033" generatedBy="CrmLive">
  <SolutionManifest>
    <UniqueName>${unique}</UniqueName>
    <LocalizedNames><LocalizedName description="${input.name}" languagecode="1033" /></LocalizedNames>
    <Descriptions><Description description="${(input.notes ?? 'Demo build').replace(/[<&"]/g, '')}" languagecode="1033" /></Descriptions>
    <Version>${input.version}</Version>
    <Managed>${input.managed === false ? 0 : 1}</Managed>
    <Publisher><UniqueName>CrmAssurance</UniqueName><CustomizationPrefix>cra</CustomizationPrefix></Publisher>
    <RootComponents />
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>
`;
  const customizations = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml><Entities /><Roles /><Workflows /><FieldSecurityProfiles /><Templates /><EntityMaps /><EntityRelationships /><OrganizationSettings /><optionsets /><Languages><Language>1033</Language></Languages></ImportExportXml>
`;
  const contentTypes = `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>`;
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes) },
    { name: 'solution.xml', data: Buffer.from(solution) },
    { name: 'customizations.xml', data: Buffer.from(customizations) },
  ]);
}
