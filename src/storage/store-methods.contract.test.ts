/**
 * Every storage port has a contract suite, and every method of it is called there. The ports are
 * enumerated from src/services/ports/*.ts (system.ts excepted: Clock, Ids, Vault and PasswordHasher
 * are not storage): each file declares one `…Store` interface, which `Store` (services/ports.ts)
 * extends and a class in storage/<capability>-store.ts implements; its contract suite is
 * storage/<capability>.contract.test.ts, run on SQLite and PostgreSQL. A method counts as tested
 * only when a call in that suite resolves, by the TypeScript checker, to that port, its
 * implementing class or KyselyStore — a Vault method of the same name, a comment, a string or a
 * call in another capability's suite does not. The implementing class's other public methods
 * (sealAccountIdentities) must be called there too, and Store's own (transaction) in
 * store.contract.test.ts. A new port method, or a new port file, fails here by name until its
 * suite calls it. (Each suite also checks at run time that every method ran on both databases.)
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, it, expect, beforeAll } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const PORTS_DIR = join(here, '..', 'services', 'ports');
const PORTS_FILE = join(here, '..', 'services', 'ports.ts');
const STORE_FILE = join(here, 'store.ts');
const STORE_CONTRACT = join(here, 'store.contract.test.ts');
/** Port files that declare no storage port (implemented by storage/system.ts and storage/keyring.ts). */
const NOT_STORAGE = new Set(['system.ts']);

const rel = (f: string): string => f.slice(root.length + 1);
const PORT_FILES = readdirSync(PORTS_DIR)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => join(PORTS_DIR, f));
const CAPABILITIES = PORT_FILES.filter((f) => !NOT_STORAGE.has(basename(f))).map((portFile) => {
  const name = basename(portFile, '.ts');
  return { name, portFile, implFile: join(here, `${name}-store.ts`), contractFile: join(here, `${name}.contract.test.ts`) };
});

function program(): ts.Program {
  const cfg = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root);
  const files = [
    PORTS_FILE,
    STORE_FILE,
    STORE_CONTRACT,
    ...PORT_FILES,
    ...CAPABILITIES.flatMap((c) => [c.implFile, c.contractFile]).filter((f) => existsSync(f)),
  ];
  return ts.createProgram(files, { ...options, noEmit: true });
}

function declarations<T extends ts.Node>(sf: ts.SourceFile | undefined, test: (n: ts.Node) => n is T): T[] {
  const found: T[] = [];
  const visit = (n: ts.Node): void => {
    if (test(n)) found.push(n);
    else ts.forEachChild(n, visit);
  };
  if (sf) visit(sf);
  return found;
}
const isStorePort = (n: ts.Node): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text.endsWith('Store');
const memberName = (m: ts.ClassElement | ts.TypeElement): string | undefined => (m.name && ts.isIdentifier(m.name) ? m.name.text : undefined);
const isPrivate = (m: ts.ClassElement): boolean => (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private) !== 0;
const heritageNames = (n: ts.ClassDeclaration | ts.InterfaceDeclaration, kind: ts.SyntaxKind): string[] =>
  (n.heritageClauses ?? []).filter((h) => h.token === kind).flatMap((h) => h.types.map((t) => (ts.isIdentifier(t.expression) ? t.expression.text : '')));

/** The names of the methods called in `file` whose declaration the checker finds in one of `owners`. */
function callsIn(p: ts.Program, file: string, owners: readonly ts.Node[]): Set<string> {
  const checker = p.getTypeChecker();
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const decls = checker.getSymbolAtLocation(n.expression.name)?.declarations ?? [];
      if (decls.some((d) => owners.includes(d.parent))) names.add(n.expression.name.text);
    }
    ts.forEachChild(n, visit);
  };
  const sf = p.getSourceFile(file);
  if (sf) visit(sf);
  return names;
}

describe('every storage port has a contract suite that calls each of its methods', () => {
  let p: ts.Program;
  let store: ts.InterfaceDeclaration;
  let kyselyStore: ts.ClassDeclaration;
  beforeAll(() => {
    p = program();
    p.getTypeChecker(); // binds every file (parents set) before the declarations are read
    store = declarations(p.getSourceFile(PORTS_FILE), isStorePort).find((d) => d.name.text === 'Store')!;
    kyselyStore = declarations(p.getSourceFile(STORE_FILE), (n): n is ts.ClassDeclaration => ts.isClassDeclaration(n) && n.name?.text === 'KyselyStore')[0]!;
    expect(store).toBeDefined();
    expect(kyselyStore).toBeDefined();
  }, 60_000);

  /** The one storage port a capability's port file declares (undefined when there is not exactly one). */
  const portOf = (file: string): ts.InterfaceDeclaration | undefined => {
    const ports = declarations(p.getSourceFile(file), isStorePort);
    return ports.length === 1 ? ports[0] : undefined;
  };
  /** The class of storage/<capability>-store.ts that implements the port. */
  const implOf = (file: string, port: string): ts.ClassDeclaration | undefined =>
    declarations(p.getSourceFile(file), (n): n is ts.ClassDeclaration => ts.isClassDeclaration(n)).find((c) =>
      heritageNames(c, ts.SyntaxKind.ImplementsKeyword).includes(port),
    );

  it('finds the ports: one file per capability besides the system ports', () => {
    expect(CAPABILITIES.length).toBeGreaterThanOrEqual(6);
    for (const f of PORT_FILES.filter((x) => NOT_STORAGE.has(basename(x))))
      expect(
        declarations(p.getSourceFile(f), isStorePort).map((d) => d.name.text),
        rel(f),
      ).toEqual([]);
  });

  it('gives every port file a contract suite', () => {
    const missing = CAPABILITIES.filter((c) => !existsSync(c.contractFile)).map((c) => `${rel(c.portFile)} has no ${rel(c.contractFile)}`);
    expect(missing, missing.join('; ')).toEqual([]);
  });

  it('declares one storage port per file, which Store extends and a storage class implements', () => {
    const problems: string[] = [];
    const extended = heritageNames(store, ts.SyntaxKind.ExtendsKeyword);
    for (const c of CAPABILITIES) {
      const port = portOf(c.portFile);
      if (!port) {
        problems.push(`${rel(c.portFile)} must declare exactly one …Store interface`);
        continue;
      }
      if (!extended.includes(port.name.text)) problems.push(`Store does not extend ${port.name.text}`);
      if (!implOf(c.implFile, port.name.text)) problems.push(`no class in ${rel(c.implFile)} implements ${port.name.text}`);
    }
    expect(problems, problems.join('; ')).toEqual([]);
  });

  it.each(CAPABILITIES.map((c) => [c.name, c] as const))('calls every %s port method from its contract suite', (_, c) => {
    const port = portOf(c.portFile);
    const impl = port && implOf(c.implFile, port.name.text);
    expect(port && impl && existsSync(c.contractFile), `${c.name}: port, implementation and contract suite`).toBeTruthy();
    const portMethods = port!.members.filter((m) => ts.isMethodSignature(m)).map(memberName) as string[];
    // Public methods of the class beyond the port (e.g. sealAccountIdentities) are storage's own API: tested the same way.
    const extra = impl!.members
      .filter((m) => ts.isMethodDeclaration(m) && !isPrivate(m))
      .map(memberName)
      .filter((m): m is string => !!m && !portMethods.includes(m));
    const called = callsIn(p, c.contractFile, [port!, impl!, kyselyStore]);
    const uncovered = [...portMethods, ...extra].filter((m) => !called.has(m)).map((m) => `${port!.name.text}.${m}`);
    expect(portMethods.length).toBeGreaterThan(0);
    expect(uncovered, `methods ${rel(c.contractFile)} never calls: ${uncovered.join(', ')}`).toEqual([]);
  });

  it('calls Store’s own methods (transaction) from store.contract.test.ts', () => {
    const own = store.members.filter((m) => ts.isMethodSignature(m)).map(memberName) as string[];
    const called = callsIn(p, STORE_CONTRACT, [store, kyselyStore]);
    expect(own.filter((m) => !called.has(m))).toEqual([]);
  });

  it('enumerates more than a hundred port methods in all', () => {
    const total = CAPABILITIES.map((c) => portOf(c.portFile)?.members.filter((m) => ts.isMethodSignature(m)).length ?? 0).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(100);
  });
});
