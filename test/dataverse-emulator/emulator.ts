/**
 * A Dataverse Web API emulator: the one test double we accept (we cannot reach a real Dynamics 365 org). It
 * implements, to the documented behaviour, the subset the add-on uses:
 * - `GET /ClientGlobalContext.js.aspx` (GetGlobalContext() and Xrm.Utility.getGlobalContext());
 * - `GET /WebResources/<name>`: the web resources of the installed solutions;
 * - Web API v9.2: `solutions` (filter by uniquename), `ImportSolution` (base64 CustomizationFile, ImportJobId;
 *   the package is really unzipped; a managed solution cannot be downgraded; a failed import changes nothing),
 *   `importjobs(<id>)` (progress 0–100, completedon), `PublishAllXml`, `RetrieveVersion`,
 *   `environmentvariabledefinitions` (filter by schemaname, expand of the value) and `environmentvariablevalues`.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { compareVersions, PackageError, readSolutionPackage, type SolutionPackage } from './solution-package';

export interface InstalledSolution {
  solutionid: string;
  uniquename: string;
  friendlyname: string;
  version: string;
  ismanaged: boolean;
  webResources: Map<string, Buffer>;
}

interface ImportJob {
  importjobid: string;
  solutionname: string | null;
  progress: number;
  startedon: string;
  completedon: string | null;
  data: string;
}

export interface EmulatorOptions {
  port?: number;
  orgId: string;
  orgUniqueName: string;
  orgVersion?: string;
  userName?: string;
  /** Delay between import job progress steps, in ms (so a client can watch progress). */
  importStepMs?: number;
}

export interface DataverseEmulator {
  url: string;
  orgId: string;
  installedSolution(uniqueName: string): InstalledSolution | undefined;
  /** Installs a package directly (the org's state before the test starts). */
  install(zip: Buffer): Promise<InstalledSolution>;
  importJobs: Map<string, ImportJob>;
  publishCount(): number;
  environmentVariable(schemaName: string): string | undefined;
  /** Sets an environment variable's value, as an admin would in the maker portal. */
  setEnvironmentVariable(schemaName: string, value: string): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'application/javascript; charset=utf-8', json: 'application/json; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png', svg: 'image/svg+xml' };

function odataError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export async function startDataverseEmulator(options: EmulatorOptions): Promise<DataverseEmulator> {
  const orgVersion = options.orgVersion ?? '9.2.24012.196';
  const stepMs = options.importStepMs ?? 150;
  const solutions = new Map<string, InstalledSolution>();
  const definitions = new Map<string, { environmentvariabledefinitionid: string; schemaname: string; defaultvalue: string | null }>();
  const values = new Map<string, { environmentvariablevalueid: string; definitionId: string; value: string }>();
  const importJobs = new Map<string, ImportJob>();
  let published = 0;

  function apply(pkg: SolutionPackage): InstalledSolution {
    const existing = solutions.get(pkg.uniqueName);
    const solution: InstalledSolution = {
      solutionid: existing?.solutionid ?? randomUUID(),
      uniquename: pkg.uniqueName,
      friendlyname: pkg.friendlyName,
      version: pkg.version,
      ismanaged: pkg.managed,
      webResources: pkg.webResources,
    };
    solutions.set(pkg.uniqueName, solution);
    for (const v of pkg.environmentVariables) {
      if (![...definitions.values()].some((d) => d.schemaname === v.schemaName)) {
        const id = randomUUID();
        definitions.set(id, { environmentvariabledefinitionid: id, schemaname: v.schemaName, defaultvalue: v.defaultValue ?? null });
      }
    }
    return solution;
  }

  /** Documented import rules we enforce: a valid package, and no downgrade of an installed managed solution. */
  function checkImportable(pkg: SolutionPackage): void {
    const existing = solutions.get(pkg.uniqueName);
    if (existing && existing.ismanaged && compareVersions(pkg.version, existing.version) < 0) {
      throw new PackageError(`The solution ${pkg.uniqueName} version ${pkg.version} is older than the installed managed version ${existing.version}; a managed solution cannot be downgraded.`);
    }
  }

  const app = express();
  app.use(express.json({ limit: '100mb' }));

  app.get(['/ClientGlobalContext.js.aspx', '/WebResources/ClientGlobalContext.js.aspx'], (req, res) => {
    const ctx = {
      clientUrl: `${req.protocol}://${req.get('host')}`,
      version: orgVersion,
      organizationId: options.orgId,
      uniqueName: options.orgUniqueName,
      userName: options.userName ?? 'Admin',
    };
    res.type('application/javascript').send(
      `(function(){var c=${JSON.stringify(ctx)};var g={getClientUrl:function(){return c.clientUrl},getVersion:function(){return c.version},` +
        `getOrgUniqueName:function(){return c.uniqueName},organizationSettings:{organizationId:c.organizationId,uniqueName:c.uniqueName},` +
        `userSettings:{userName:c.userName,languageId:1033}};window.GetGlobalContext=function(){return g};` +
        `window.Xrm=window.Xrm||{};window.Xrm.Utility={getGlobalContext:function(){return g}};})();`,
    );
  });

  app.get(/^\/WebResources\/(.+)$/, (req, res) => {
    const name = decodeURIComponent(req.path.slice('/WebResources/'.length));
    for (const s of solutions.values()) {
      const content = s.webResources.get(name);
      if (content) {
        res.setHeader('Content-Type', CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-store');
        return void res.send(content);
      }
    }
    res.status(404).type('text/plain').send(`No web resource named ${name} is installed.`);
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('OData-Version', '4.0');
    next();
  });
  const base = (req: Request) => `${req.protocol}://${req.get('host')}/api/data/v9.2/`;
  const filterValue = (req: Request, field: string): string | undefined => {
    const m = new RegExp(`${field} eq '((?:[^']|'')*)'`).exec(String(req.query.$filter ?? ''));
    return m?.[1]?.replace(/''/g, "'");
  };

  api.get('/solutions', (req, res) => {
    const name = filterValue(req, 'uniquename');
    const rows = [...solutions.values()]
      .filter((s) => name === undefined || s.uniquename === name)
      .map(({ solutionid, uniquename, friendlyname, version, ismanaged }) => ({ solutionid, uniquename, friendlyname, version, ismanaged }));
    res.json({ '@odata.context': `${base(req)}$metadata#solutions`, value: rows });
  });

  api.post('/ImportSolution', async (req, res) => {
    const { CustomizationFile, ImportJobId } = (req.body ?? {}) as { CustomizationFile?: unknown; ImportJobId?: unknown };
    if (typeof CustomizationFile !== 'string' || CustomizationFile === '') return odataError(res, 400, '0x80040203', 'CustomizationFile is required.');
    const jobId = typeof ImportJobId === 'string' && ImportJobId !== '' ? ImportJobId.toLowerCase() : randomUUID();
    const job: ImportJob = { importjobid: jobId, solutionname: null, progress: 0, startedon: new Date().toISOString(), completedon: null, data: '<importexportxml />' };
    importJobs.set(jobId, job);
    const step = () => new Promise((resolve) => setTimeout(resolve, stepMs));
    try {
      const pkg = await readSolutionPackage(Buffer.from(CustomizationFile, 'base64'));
      job.solutionname = pkg.uniqueName;
      for (const progress of [20, 45, 70, 90]) {
        await step();
        job.progress = progress;
      }
      checkImportable(pkg);
      apply(pkg);
      job.progress = 100;
      job.completedon = new Date().toISOString();
      job.data = `<importexportxml><solutionManifests><solutionManifest result="success" /></solutionManifests></importexportxml>`;
      res.status(204).end();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      job.completedon = new Date().toISOString();
      job.data = `<importexportxml><solutionManifests><solutionManifest result="failure" errortext="${message.replace(/[<&"]/g, '')}" /></solutionManifests></importexportxml>`;
      odataError(res, error instanceof PackageError ? 400 : 500, '0x80048060', message);
    }
  });

  api.get(/^\/importjobs\(([0-9a-fA-F-]+)\)$/, (req, res) => {
    const id = /\(([^)]+)\)/.exec(req.path)![1].toLowerCase();
    const job = importJobs.get(id);
    if (!job) return odataError(res, 404, '0x80040217', `importjob With Id = ${id} Does Not Exist`);
    res.json({ '@odata.context': `${base(req)}$metadata#importjobs/$entity`, ...job });
  });

  api.post('/PublishAllXml', (_req, res) => {
    published++;
    res.status(204).end();
  });

  api.get(/^\/RetrieveVersion(\(\))?$/, (req, res) => {
    res.json({ '@odata.context': `${base(req)}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse`, Version: orgVersion });
  });

  api.get('/environmentvariabledefinitions', (req, res) => {
    const name = filterValue(req, 'schemaname');
    const expand = /environmentvariabledefinition_environmentvariablevalue/.test(String(req.query.$expand ?? ''));
    const rows = [...definitions.values()]
      .filter((d) => name === undefined || d.schemaname === name)
      .map((d) => ({
        ...d,
        ...(expand
          ? {
              environmentvariabledefinition_environmentvariablevalue: [...values.values()]
                .filter((v) => v.definitionId === d.environmentvariabledefinitionid)
                .map((v) => ({ value: v.value, environmentvariablevalueid: v.environmentvariablevalueid })),
            }
          : {}),
      }));
    res.json({ '@odata.context': `${base(req)}$metadata#environmentvariabledefinitions`, value: rows });
  });

  api.post('/environmentvariablevalues', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bind = /environmentvariabledefinitions\(([^)]+)\)/.exec(String(body['EnvironmentVariableDefinitionId@odata.bind'] ?? ''))?.[1];
    if (!bind || !definitions.has(bind)) return odataError(res, 400, '0x80040203', 'EnvironmentVariableDefinitionId@odata.bind must reference an existing definition.');
    if (typeof body.value !== 'string') return odataError(res, 400, '0x80040203', 'value must be a string.');
    if ([...values.values()].some((v) => v.definitionId === bind)) return odataError(res, 412, '0x80040237', 'A value for this environment variable exists already.');
    const id = randomUUID();
    values.set(id, { environmentvariablevalueid: id, definitionId: bind, value: body.value });
    res.setHeader('OData-EntityId', `${base(req)}environmentvariablevalues(${id})`);
    res.status(204).end();
  });

  api.patch(/^\/environmentvariablevalues\(([0-9a-fA-F-]+)\)$/, (req, res) => {
    const id = /\(([^)]+)\)/.exec(req.path)![1];
    const row = values.get(id);
    if (!row) return odataError(res, 404, '0x80040217', `environmentvariablevalue With Id = ${id} Does Not Exist`);
    const value = (req.body ?? {}).value;
    if (typeof value !== 'string') return odataError(res, 400, '0x80040203', 'value must be a string.');
    row.value = value;
    res.status(204).end();
  });

  app.use('/api/data/v9.2', api);
  app.use((req, res) => odataError(res, 404, '0x80060888', `Resource not found for the segment '${req.path}'.`));

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    orgId: options.orgId,
    installedSolution: (name) => solutions.get(name),
    install: async (zip) => {
      const pkg = await readSolutionPackage(zip);
      checkImportable(pkg);
      return apply(pkg);
    },
    importJobs,
    publishCount: () => published,
    environmentVariable: (schemaName) => {
      const d = [...definitions.values()].find((x) => x.schemaname === schemaName);
      return d ? [...values.values()].find((v) => v.definitionId === d.environmentvariabledefinitionid)?.value : undefined;
    },
    setEnvironmentVariable: (schemaName, value) => {
      const d = [...definitions.values()].find((x) => x.schemaname === schemaName);
      if (!d) throw new Error(`no environment variable ${schemaName} is defined (install the solution first)`);
      const existing = [...values.values()].find((v) => v.definitionId === d.environmentvariabledefinitionid);
      if (existing) existing.value = value;
      else {
        const id = randomUUID();
        values.set(id, { environmentvariablevalueid: id, definitionId: d.environmentvariabledefinitionid, value });
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
