/**
 * A Dataverse Web API emulator: the one test double we accept (we cannot reach a real Dynamics 365 org). It follows
 * Microsoft's documentation (cited beside each rule, here and in platform.ts, solution-package.ts, org.ts), never the
 * add-on's code, and where the documentation is silent it takes the stricter reading and says so.
 *
 * Served:
 * - `GET /WebResources/ClientGlobalContext.js.aspx`: GetGlobalContext() only. Including it does NOT make `Xrm`
 *   available in an HTML web resource ("GetGlobalContext function and ClientGlobalContext.js.aspx",
 *   https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/getglobalcontext-clientglobalcontext.js.aspx).
 *   On 8.2 the context has no organizationSettings/userSettings (those came with 9.0).
 * - `GET /WebResources/<name>`: the newest layer of the installed solutions that holds the web resource.
 * - `/api/data/v<version>/` for the Web API versions the org's line serves (platform.ts):
 *   functions WhoAmI(), RetrieveVersion() (functions need their parentheses: "Use Web API functions",
 *   https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-web-api-functions),
 *   systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges(), privileges, solutions, importjobs(<id>);
 *   actions ImportSolution (HoldingSolution), DeleteAndPromote, StageAndUpgrade (9.2), PublishAllXml;
 *   environment variables (lines that have them, values of at most 2,000 characters);
 *   the custom tables of installed solutions with ETags and conditional requests.
 * - Privileges: each request runs as the user named by the `emulator_user` cookie (default: the first user).
 *   ImportSolution, DeleteAndPromote and PublishAllXml demand the privileges "Privileges by message" lists for them
 *   (platform.ts MESSAGE_PRIVILEGES); custom tables prv<Read|Create|Write|Delete><SchemaName>
 *   ("Security roles and privileges", https://learn.microsoft.com/power-platform/admin/security-roles-privileges).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { importLog } from './import-log';
import { HOLDING_SUFFIX, Organisation, type InstalledSolution, type Row, type Table } from './org';
import { CAPABILITIES, ENVIRONMENT_VARIABLE_VALUE_MAX, ErrorCode, lineOf, MESSAGE_PRIVILEGES, type Line } from './platform';
import { PackageError, readSolutionPackage, type SolutionPackage } from './solution-package';

export type { InstalledSolution } from './org';

export interface ImportJob {
  importjobid: string;
  solutionname: string | null;
  progress: number;
  startedon: string;
  completedon: string | null;
  data: string;
}

export interface EmulatorUser {
  name: string;
  /** 'all' for a System Administrator; otherwise the privilege names the user's roles grant. */
  privileges: 'all' | string[];
}

export interface EmulatorOptions {
  port?: number;
  orgId: string;
  orgUniqueName: string;
  /** The org's full version, e.g. 9.2.24012.196 or 9.0.2.3034; its first two parts are the line. */
  orgVersion?: string;
  /** The users of the org; the first one is the default session. Default: one System Administrator "Admin". */
  users?: EmulatorUser[];
  /** @deprecated use users; the name of the default administrator. */
  userName?: string;
  /** Delay between import job progress steps, in ms (so a client can watch progress). */
  importStepMs?: number;
}

export interface DataverseEmulator {
  url: string;
  orgId: string;
  line: Line;
  orgVersion: string;
  installedSolution(uniqueName: string): InstalledSolution | undefined;
  /** Installs a package directly, as an admin's import before the test starts (same rules as ImportSolution). */
  install(zip: Buffer): Promise<InstalledSolution>;
  importJobs: Map<string, ImportJob>;
  publishCount(): number;
  /** The web resource the org serves under a name (undefined when no installed solution holds it). */
  webResource(name: string): Buffer | undefined;
  /** A row of a custom table, by the value of its primary name column. */
  tableRow(logicalName: string, primaryName: string): Record<string, unknown> | undefined;
  /** The logical names of the org's custom tables. */
  tables(): string[];
  /** Writes a row of a custom table directly, as an admin editing it in the org would. */
  writeRow(logicalName: string, id: string, values: Record<string, unknown>): void;
  environmentVariable(schemaName: string): string | undefined;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'application/javascript; charset=utf-8', json: 'application/json; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png', svg: 'image/svg+xml' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function stableId(name: string): string {
  const h = createHash('sha1').update(`emulator:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function startDataverseEmulator(options: EmulatorOptions): Promise<DataverseEmulator> {
  const orgVersion = options.orgVersion ?? '9.2.24012.196';
  const line = lineOf(orgVersion);
  const caps = CAPABILITIES[line];
  const stepMs = options.importStepMs ?? 150;
  const users = (options.users ?? [{ name: options.userName ?? 'Admin', privileges: 'all' as const }]).map((u) => ({ ...u, id: stableId(`user:${u.name}`) }));
  const businessUnitId = stableId('businessunit');
  const org = new Organisation();
  const definitions = new Map<string, { environmentvariabledefinitionid: string; schemaname: string; defaultvalue: string | null }>();
  const values = new Map<string, { environmentvariablevalueid: string; definitionId: string; value: string }>();
  const importJobs = new Map<string, ImportJob>();
  let published = 0;

  const userOf = (req: Request) => {
    const cookie = /(?:^|;\s*)emulator_user=([^;]+)/.exec(req.get('cookie') ?? '')?.[1];
    return users.find((u) => u.name === decodeURIComponent(cookie ?? '')) ?? users[0];
  };
  const holds = (req: Request, privilege: string) => {
    const u = userOf(req);
    return u.privileges === 'all' || u.privileges.includes(privilege);
  };
  const demand = (req: Request, ...privileges: readonly string[]) => {
    const missing = privileges.find((privilege) => !holds(req, privilege));
    if (missing) {
      throw new ODataError(403, ErrorCode.PrivilegeDenied, `Principal user (Id=${userOf(req).id}, type=8) is missing ${missing} privilege.`);
    }
  };

  function applyVariables(pkg: SolutionPackage): void {
    for (const v of pkg.environmentVariables) {
      if (v.defaultValue !== undefined && v.defaultValue.length > ENVIRONMENT_VARIABLE_VALUE_MAX) {
        throw new PackageError(ErrorCode.StringLengthTooLong, `The default value of ${v.schemaName} exceeds ${ENVIRONMENT_VARIABLE_VALUE_MAX} characters.`);
      }
      if (![...definitions.values()].some((d) => d.schemaname === v.schemaName)) {
        const id = randomUUID();
        definitions.set(id, { environmentvariabledefinitionid: id, schemaname: v.schemaName, defaultvalue: v.defaultValue ?? null });
      }
    }
  }

  /** Reads a package and checks it may be imported, before anything changes. */
  async function importPackage(bytes: Buffer, holding: boolean): Promise<SolutionPackage> {
    const pkg = await readSolutionPackage(bytes, line);
    org.checkImport(pkg, holding);
    return pkg;
  }

  const app = express();
  app.use(express.json({ limit: '100mb' }));

  app.get(['/ClientGlobalContext.js.aspx', '/WebResources/ClientGlobalContext.js.aspx'], (req, res) => {
    const user = userOf(req);
    const ctx = { clientUrl: `${req.protocol}://${req.get('host')}`, version: orgVersion, organizationId: options.orgId, uniqueName: options.orgUniqueName, userName: user.name, userId: `{${user.id.toUpperCase()}}` };
    const modern = caps.xrmUtilityGlobalContext
      ? `organizationSettings:{organizationId:c.organizationId,uniqueName:c.uniqueName},userSettings:{userName:c.userName,userId:c.userId,languageId:1033},`
      : '';
    res.type('application/javascript').send(
      `(function(){var c=${JSON.stringify(ctx)};var g={${modern}getClientUrl:function(){return c.clientUrl},getVersion:function(){return c.version},` +
        `getOrgUniqueName:function(){return c.uniqueName},getUserId:function(){return c.userId},getUserName:function(){return c.userName}};` +
        `window.GetGlobalContext=function(){return g};})();`,
    );
  });

  app.get(/^\/WebResources\/(.+)$/, (req, res) => {
    const name = decodeURIComponent(req.path.slice('/WebResources/'.length));
    const resource = org.webResource(name);
    if (!resource) return void res.status(404).type('text/plain').send(`No web resource named ${name} is installed.`);
    res.setHeader('Content-Type', CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-store');
    res.send(resource.content);
  });

  const api = express.Router({ mergeParams: true });
  api.use((_req, res, next) => {
    res.setHeader('OData-Version', '4.0');
    next();
  });
  const base = (req: Request) => `${req.protocol}://${req.get('host')}/api/data/v${req.params.version}/`;
  const filterValue = (req: Request, field: string): string | undefined => {
    const m = new RegExp(`${field} eq '((?:[^']|'')*)'`).exec(String(req.query.$filter ?? ''));
    return m?.[1]?.replace(/''/g, "'");
  };
  const select = (req: Request, row: Record<string, unknown>, always: string[] = []) => {
    const fields = String(req.query.$select ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (fields.length === 0) return row;
    return Object.fromEntries(Object.entries(row).filter(([k]) => fields.includes(k) || always.includes(k) || k.startsWith('@odata')));
  };
  const wrap = (handler: (req: Request, res: Response) => unknown) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      next(error);
    }
  };

  // Functions: the parentheses are part of the name ("Use Web API functions").
  api.get('/WhoAmI\\(\\)', (req, res) => {
    res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: businessUnitId, UserId: userOf(req).id, OrganizationId: options.orgId });
  });
  api.get('/RetrieveVersion\\(\\)', (req, res) => {
    res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse`, Version: orgVersion });
  });

  /** Every privilege the org knows: the system ones the emulator enforces and the custom tables' own. */
  const privilegeNames = () => [
    ...new Set(Object.values(MESSAGE_PRIVILEGES).flat()),
    ...[...org.tables.values()].flatMap((t) => ['Read', 'Create', 'Write', 'Delete'].map((p) => `prv${p}${t.definition.schemaName}`)),
  ];
  api.get('/privileges', (req, res) => {
    const wanted = [...String(req.query.$filter ?? '').matchAll(/name eq '([^']+)'/g)].map((m) => m[1]);
    const rows = privilegeNames().filter((n) => wanted.length === 0 || wanted.includes(n)).map((name) => ({ privilegeid: stableId(`privilege:${name}`), name }));
    res.json({ '@odata.context': `${base(req)}$metadata#privileges`, value: rows.map((r) => select(req, r)) });
  });
  // RetrieveUserPrivileges (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/retrieveuserprivileges)
  api.get(/^\/systemusers\(([0-9a-fA-F-]+)\)\/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges\(\)$/, (req, res) => {
    const id = /\(([^)]+)\)/.exec(req.path)![1].toLowerCase();
    const user = users.find((u) => u.id === id);
    if (!user) throw new ODataError(404, ErrorCode.NotFound, `systemuser With Id = ${id} Does Not Exist`);
    const names = user.privileges === 'all' ? privilegeNames() : user.privileges;
    const RolePrivileges = names.map((name) => ({ Depth: 'Global', PrivilegeId: stableId(`privilege:${name}`), BusinessUnitId: businessUnitId, PrivilegeName: name }));
    res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`, RolePrivileges });
  });

  api.get('/solutions', (req, res) => {
    const name = filterValue(req, 'uniquename');
    const rows = [...org.solutions.values()]
      .filter((s) => name === undefined || s.uniquename === name)
      .map(({ solutionid, uniquename, friendlyname, version, ismanaged }) => select(req, { solutionid, uniquename, friendlyname, version, ismanaged }, ['solutionid']));
    res.json({ '@odata.context': `${base(req)}$metadata#solutions`, value: rows });
  });

  async function runImport(req: Request, res: Response, mode: 'import' | 'stage'): Promise<void> {
    demand(req, ...MESSAGE_PRIVILEGES.ImportSolution);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // ImportSolution's required parameters (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/importsolution):
    // OverwriteUnmanagedCustomizations, PublishWorkflows, CustomizationFile, ImportJobId.
    if (typeof body.CustomizationFile !== 'string' || body.CustomizationFile === '') throw new ODataError(400, ErrorCode.InvalidArgument, 'CustomizationFile is required.');
    if (mode === 'import') {
      for (const p of ['OverwriteUnmanagedCustomizations', 'PublishWorkflows']) {
        if (typeof body[p] !== 'boolean') throw new ODataError(400, ErrorCode.InvalidArgument, `${p} is a required Boolean parameter of ImportSolution.`);
      }
    }
    if (typeof body.ImportJobId !== 'string' || !GUID.test(body.ImportJobId)) throw new ODataError(400, ErrorCode.InvalidArgument, 'ImportJobId must be a Guid.');
    if (body.HoldingSolution !== undefined && typeof body.HoldingSolution !== 'boolean') throw new ODataError(400, ErrorCode.InvalidArgument, 'HoldingSolution must be a Boolean.');
    const jobId = body.ImportJobId.toLowerCase();
    if (importJobs.has(jobId)) throw new ODataError(412, ErrorCode.Duplicate, `An importjob with Id = ${jobId} exists already.`);
    const holding = mode === 'stage' || body.HoldingSolution === true;
    const startedon = new Date().toISOString();
    const job: ImportJob = { importjobid: jobId, solutionname: null, progress: 0, startedon, completedon: null, data: importLog({ progress: 0 }) };
    importJobs.set(jobId, job);
    const step = () => new Promise((resolve) => setTimeout(resolve, stepMs));
    let pkg: SolutionPackage | undefined;
    try {
      pkg = await importPackage(Buffer.from(body.CustomizationFile, 'base64'), holding);
      job.solutionname = pkg.uniqueName;
      for (const progress of [20, 45, 70, 90]) {
        await step();
        job.progress = progress;
        job.data = importLog({ progress, pkg });
      }
      // Checked again at the end: another import may have finished meanwhile.
      org.checkImport(pkg, holding);
      applyVariables(pkg);
      org.apply(pkg, holding);
      let solutionId = org.solutions.get(holding ? pkg.uniqueName + HOLDING_SUFFIX : pkg.uniqueName)!.solutionid;
      if (mode === 'stage') solutionId = org.deleteAndPromote(pkg.uniqueName).solutionid;
      job.progress = 100;
      job.completedon = new Date().toISOString();
      job.data = importLog({ progress: 100, pkg, result: { ok: true } });
      if (mode === 'stage') return void res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.StageAndUpgradeResponse`, ImportJobKey: jobId, SolutionId: solutionId });
      res.status(204).end();
    } catch (error) {
      const code = error instanceof PackageError ? error.code : ErrorCode.ImportFailed;
      const message = error instanceof Error ? error.message : String(error);
      job.completedon = new Date().toISOString();
      job.data = importLog({ progress: job.progress, ...(pkg ? { pkg } : {}), result: { ok: false, code, message } });
      throw new ODataError(400, code, message);
    }
  }
  api.post('/ImportSolution', wrap((req, res) => runImport(req, res, 'import')));
  api.post('/StageAndUpgrade', wrap((req, res) => {
    if (!caps.stageAndUpgrade) throw new ODataError(404, ErrorCode.ResourceNotFound, "Resource not found for the segment 'StageAndUpgrade'.");
    return runImport(req, res, 'stage');
  }));

  api.post('/DeleteAndPromote', wrap((req, res) => {
    demand(req, ...MESSAGE_PRIVILEGES.DeleteAndPromote);
    const name = (req.body ?? {}).UniqueName;
    if (typeof name !== 'string' || name === '') throw new ODataError(400, ErrorCode.InvalidArgument, 'UniqueName is required.');
    try {
      const promoted = org.deleteAndPromote(name);
      res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.DeleteAndPromoteResponse`, SolutionId: promoted.solutionid });
    } catch (error) {
      if (error instanceof PackageError) throw new ODataError(400, error.code, error.message);
      throw error;
    }
  }));

  api.get(/^\/importjobs\(([0-9a-fA-F-]+)\)$/, (req, res) => {
    const id = /\(([^)]+)\)/.exec(req.path)![1].toLowerCase();
    const job = importJobs.get(id);
    if (!job) throw new ODataError(404, ErrorCode.NotFound, `importjob With Id = ${id} Does Not Exist`);
    res.json({ '@odata.context': `${base(req)}$metadata#importjobs/$entity`, ...select(req, { ...job }, ['importjobid']) });
  });

  api.post('/PublishAllXml', (req, res) => {
    demand(req, ...MESSAGE_PRIVILEGES.PublishAllXml);
    published++;
    res.status(204).end();
  });

  // Environment variables, where the line has them (platform.ts), with the documented column lengths.
  const needVariables = (_req: Request, _res: Response, next: NextFunction) => {
    if (!caps.environmentVariables) return next(new ODataError(404, ErrorCode.ResourceNotFound, `Resource not found for the segment '${_req.path.slice(1).split(/[(?]/)[0]}'.`));
    next();
  };
  const checkValue = (value: unknown): string => {
    if (typeof value !== 'string') throw new ODataError(400, ErrorCode.InvalidArgument, 'value must be a string.');
    if (value.length > ENVIRONMENT_VARIABLE_VALUE_MAX) {
      throw new ODataError(400, ErrorCode.StringLengthTooLong, `A validation error occurred. The length of the 'value' attribute of the 'environmentvariablevalue' entity exceeded the maximum allowed length of '${ENVIRONMENT_VARIABLE_VALUE_MAX}'.`);
    }
    return value;
  };
  api.get('/environmentvariabledefinitions', needVariables, (req, res) => {
    const name = filterValue(req, 'schemaname');
    const expand = /environmentvariabledefinition_environmentvariablevalue/.test(String(req.query.$expand ?? ''));
    const rows = [...definitions.values()]
      .filter((d) => name === undefined || d.schemaname === name)
      .map((d) => ({
        ...d,
        ...(expand
          ? { environmentvariabledefinition_environmentvariablevalue: [...values.values()].filter((v) => v.definitionId === d.environmentvariabledefinitionid).map((v) => ({ value: v.value, environmentvariablevalueid: v.environmentvariablevalueid })) }
          : {}),
      }));
    res.json({ '@odata.context': `${base(req)}$metadata#environmentvariabledefinitions`, value: rows });
  });
  api.post('/environmentvariablevalues', needVariables, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bind = /environmentvariabledefinitions\(([^)]+)\)/.exec(String(body['EnvironmentVariableDefinitionId@odata.bind'] ?? ''))?.[1];
    if (!bind || !definitions.has(bind)) throw new ODataError(400, ErrorCode.InvalidArgument, 'EnvironmentVariableDefinitionId@odata.bind must reference an existing definition.');
    const value = checkValue(body.value);
    if ([...values.values()].some((v) => v.definitionId === bind)) throw new ODataError(412, ErrorCode.Duplicate, 'A value for this environment variable exists already.');
    const id = randomUUID();
    values.set(id, { environmentvariablevalueid: id, definitionId: bind, value });
    res.setHeader('OData-EntityId', `${base(req)}environmentvariablevalues(${id})`);
    res.status(204).end();
  });
  api.patch(/^\/environmentvariablevalues\(([0-9a-fA-F-]+)\)$/, needVariables, (req, res) => {
    const id = /\(([^)]+)\)/.exec(req.path)![1];
    const row = values.get(id);
    if (!row) throw new ODataError(404, ErrorCode.NotFound, `environmentvariablevalue With Id = ${id} Does Not Exist`);
    row.value = checkValue((req.body ?? {}).value);
    res.status(204).end();
  });

  // Custom tables of the installed solutions: "Create a table row", "Update and delete table rows",
  // "Perform conditional operations using the Web API"
  // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api):
  // ETags are W/"<versionnumber>"; If-Match with another ETag is 412; If-None-Match: * stops an upsert from
  // updating (412 when the row exists); If-Match: * stops it from creating (404 when the row is missing).
  const etag = (row: Row) => `W/"${row.version}"`;
  const rowJson = (req: Request, table: Table, row: Row) =>
    select(req, { '@odata.etag': etag(row), [table.definition.primaryIdAttribute]: row.id, ...row.values, versionnumber: row.version }, [table.definition.primaryIdAttribute]);
  const checkColumns = (table: Table, body: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('@odata')) continue;
      const column = table.definition.columns.get(key);
      if (!column) throw new ODataError(400, ErrorCode.ResourceNotFound, `Could not find a property named '${key}' on type 'Microsoft.Dynamics.CRM.${table.definition.logicalName}'.`);
      if (column.type === 'primarykey') continue;
      if ((column.type === 'nvarchar' || column.type === 'ntext') && value !== null) {
        if (typeof value !== 'string') throw new ODataError(400, ErrorCode.InvalidArgument, `${key} must be a string.`);
        if (column.maxLength !== undefined && value.length > column.maxLength) {
          throw new ODataError(400, ErrorCode.StringLengthTooLong, `A validation error occurred. The length of the '${key}' attribute of the '${table.definition.logicalName}' entity exceeded the maximum allowed length of '${column.maxLength}'.`);
        }
      }
      out[key] = value;
    }
    return out;
  };
  const ROW = /^\/([A-Za-z0-9_]+)\(([^)]*)\)$/;
  const setOf = (req: Request) => (ROW.exec(req.path)?.[1] ?? String(req.params.set ?? ''));
  const tableOf = (req: Request): Table => {
    const set = setOf(req);
    const table = org.tableBySet(set);
    if (!table) throw new ODataError(404, ErrorCode.ResourceNotFound, `Resource not found for the segment '${set}'.`);
    return table;
  };
  const rowId = (req: Request) => {
    const id = (ROW.exec(req.path)?.[2] ?? '').toLowerCase();
    if (!GUID.test(id)) throw new ODataError(400, ErrorCode.InvalidArgument, `Bad Request - Error in query syntax: ${id} is not a Guid.`);
    return id;
  };
  api.get('/:set', (req, res, next) => {
    const table = org.tableBySet(String(req.params.set));
    if (!table) return next();
    demand(req, `prvRead${table.definition.schemaName}`);
    const filters = [...String(req.query.$filter ?? '').matchAll(/(\w+) eq '((?:[^']|'')*)'/g)].map((m) => [m[1], m[2].replace(/''/g, "'")] as const);
    const rows = [...table.rows.values()].filter((r) => filters.every(([k, v]) => r.values[k] === v));
    res.json({ '@odata.context': `${base(req)}$metadata#${table.definition.entitySetName}`, value: rows.map((r) => rowJson(req, table, r)) });
  });
  api.get(ROW, (req, res, next) => {
    if (!org.tableBySet(setOf(req))) return next();
    const table = tableOf(req);
    demand(req, `prvRead${table.definition.schemaName}`);
    const row = table.rows.get(rowId(req));
    if (!row) throw new ODataError(404, ErrorCode.NotFound, `${table.definition.logicalName} With Id = ${rowId(req)} Does Not Exist`);
    res.json({ '@odata.context': `${base(req)}$metadata#${table.definition.entitySetName}/$entity`, ...rowJson(req, table, row) });
  });
  api.post('/:set', (req, res, next) => {
    if (!org.tableBySet(String(req.params.set))) return next();
    const table = tableOf(req);
    demand(req, `prvCreate${table.definition.schemaName}`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const given = body[table.definition.primaryIdAttribute];
    const id = typeof given === 'string' && GUID.test(given) ? given.toLowerCase() : randomUUID();
    if (table.rows.has(id)) throw new ODataError(412, ErrorCode.Duplicate, 'A record with matching key values already exists.');
    const row = { id, version: org.nextRowVersion(), values: checkColumns(table, body) };
    table.rows.set(id, row);
    res.setHeader('OData-EntityId', `${base(req)}${table.definition.entitySetName}(${id})`);
    if (/return=representation/.test(req.get('prefer') ?? '')) return void res.status(201).json(rowJson(req, table, row));
    res.status(204).end();
  });
  api.patch(ROW, (req, res, next) => {
    if (!org.tableBySet(setOf(req))) return next();
    const table = tableOf(req);
    const id = rowId(req);
    const ifMatch = req.get('if-match');
    const ifNoneMatch = req.get('if-none-match');
    const existing = table.rows.get(id);
    if (ifNoneMatch === '*' && existing) throw new ODataError(412, ErrorCode.Duplicate, 'A record with matching key values already exists.');
    if (ifMatch !== undefined) {
      if (!existing) throw new ODataError(404, ErrorCode.NotFound, `${table.definition.logicalName} With Id = ${id} Does Not Exist`);
      if (ifMatch !== '*' && ifMatch !== etag(existing)) {
        throw new ODataError(412, ErrorCode.VersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
      }
    }
    demand(req, existing ? `prvWrite${table.definition.schemaName}` : `prvCreate${table.definition.schemaName}`);
    const changes = checkColumns(table, (req.body ?? {}) as Record<string, unknown>);
    const row: Row = existing ? { ...existing, version: org.nextRowVersion(), values: { ...existing.values, ...changes } } : { id, version: org.nextRowVersion(), values: changes };
    table.rows.set(id, row);
    res.setHeader('OData-EntityId', `${base(req)}${table.definition.entitySetName}(${id})`);
    if (/return=representation/.test(req.get('prefer') ?? '')) return void res.status(200).json(rowJson(req, table, row));
    res.status(204).end();
  });
  api.delete(ROW, (req, res, next) => {
    if (!org.tableBySet(setOf(req))) return next();
    const table = tableOf(req);
    demand(req, `prvDelete${table.definition.schemaName}`);
    const id = rowId(req);
    const existing = table.rows.get(id);
    if (!existing) throw new ODataError(404, ErrorCode.NotFound, `${table.definition.logicalName} With Id = ${id} Does Not Exist`);
    const ifMatch = req.get('if-match');
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag(existing)) {
      throw new ODataError(412, ErrorCode.VersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
    }
    table.rows.delete(id);
    res.status(204).end();
  });

  api.use((req, _res, next) => next(new ODataError(404, ErrorCode.ResourceNotFound, `Resource not found for the segment '${req.path.slice(1).split(/[(?]/)[0]}'.`)));

  // Only the Web API versions the org's line serves (platform.ts).
  app.use('/api/data/v:version', (req, _res, next) => {
    if (!caps.webApiVersions.includes(String(req.params.version))) return next(new ODataError(404, ErrorCode.ResourceNotFound, `This organization (${line}) does not serve Web API version ${req.params.version}.`));
    next();
  }, api);
  app.use((req, _res, next) => next(new ODataError(404, ErrorCode.ResourceNotFound, `Resource not found for the segment '${req.path}'.`)));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ODataError) return void res.status(error.status).json({ error: { code: error.code, message: error.message } });
    if (error instanceof PackageError) return void res.status(400).json({ error: { code: error.code, message: error.message } });
    const status = (error as { status?: number }).status ?? 500;
    res.status(status).json({ error: { code: ErrorCode.InvalidArgument, message: error instanceof Error ? error.message : String(error) } });
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    orgId: options.orgId,
    line,
    orgVersion,
    installedSolution: (name) => org.solutions.get(name),
    install: async (zip) => {
      const pkg = await importPackage(zip, false);
      applyVariables(pkg);
      return org.apply(pkg, false);
    },
    importJobs,
    publishCount: () => published,
    webResource: (name) => org.webResource(name)?.content,
    tableRow: (logicalName, primaryName) => {
      const table = org.tables.get(logicalName);
      const row = table && [...table.rows.values()].find((r) => r.values[table.definition.primaryNameAttribute ?? ''] === primaryName);
      return row ? { ...row.values, [table!.definition.primaryIdAttribute]: row.id } : undefined;
    },
    tables: () => [...org.tables.keys()],
    writeRow: (logicalName, id, values) => {
      const table = org.tables.get(logicalName);
      if (!table) throw new Error(`no table ${logicalName} is installed`);
      const existing = table.rows.get(id);
      table.rows.set(id, { id, version: org.nextRowVersion(), values: { ...(existing?.values ?? {}), ...values } });
    },
    environmentVariable: (schemaName) => {
      const d = [...definitions.values()].find((x) => x.schemaname === schemaName);
      return d ? [...values.values()].find((v) => v.definitionId === d.environmentvariabledefinitionid)?.value : undefined;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
