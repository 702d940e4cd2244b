/**
 * Every public method of the store is called by a storage contract test (src/storage/*.contract.test.ts,
 * the suites that run each method on SQLite and PostgreSQL). The methods are enumerated at run time
 * from KyselyStore.prototype; `private` is erased at run time, so the private helpers are read from
 * the class declaration. A call counts only when the TypeScript checker resolves it to a member of the
 * Store port or of KyselyStore — a Vault method of the same name, a comment or a string does not.
 * A new store method fails this test, by name, until a contract test calls it.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, it, expect, beforeAll } from 'vitest';
import { KyselyStore } from './store.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const STORE_FILE = join(here, 'store.ts');
const PORTS_FILE = join(here, '..', 'services', 'ports.ts');
const CONTRACT_FILES = readdirSync(here).filter((f) => f.endsWith('.contract.test.ts')).map((f) => join(here, f));

/** The own methods of KyselyStore.prototype (the constructor left out). */
function prototypeMethods(): string[] {
  const proto = KyselyStore.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, n)?.value === 'function');
}

function program(): ts.Program {
  const cfg = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root);
  return ts.createProgram([...CONTRACT_FILES, STORE_FILE, PORTS_FILE], { ...options, noEmit: true });
}

function findDeclaration<T extends ts.Node>(sf: ts.SourceFile, test: (n: ts.Node) => n is T): T {
  let found: T | undefined;
  const visit = (n: ts.Node): void => { if (!found && test(n)) found = n; else ts.forEachChild(n, visit); };
  visit(sf);
  if (!found) throw new Error(`declaration not found in ${sf.fileName}`);
  return found;
}

const memberName = (m: ts.ClassElement | ts.TypeElement): string | undefined => (m.name && ts.isIdentifier(m.name) ? m.name.text : undefined);

describe('every store method has a contract test', () => {
  let storeClass: ts.ClassDeclaration;
  let port: ts.InterfaceDeclaration;
  /** Method name → the contract files that call it. */
  const callers = new Map<string, Set<string>>();

  beforeAll(() => {
    const p = program();
    const checker = p.getTypeChecker();
    storeClass = findDeclaration(p.getSourceFile(STORE_FILE)!, (n): n is ts.ClassDeclaration => ts.isClassDeclaration(n) && n.name?.text === 'KyselyStore');
    port = findDeclaration(p.getSourceFile(PORTS_FILE)!, (n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === 'Store');
    for (const file of CONTRACT_FILES) {
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
          const owner = checker.getSymbolAtLocation(n.expression.name)?.declarations?.[0]?.parent;
          if (owner === storeClass || owner === port) {
            const name = n.expression.name.text;
            if (!callers.has(name)) callers.set(name, new Set());
            callers.get(name)!.add(file.slice(root.length + 1));
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(p.getSourceFile(file)!);
    }
  }, 60_000);

  /** The public methods: the prototype's, less those the class declares private. */
  function publicMethods(): string[] {
    const privates = new Set(storeClass.members
      .filter((m) => ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private)
      .map(memberName));
    return prototypeMethods().filter((n) => !privates.has(n));
  }

  it('enumerates the port: every Store method is a public method of KyselyStore', () => {
    const portMethods = port.members.filter((m) => ts.isMethodSignature(m)).map(memberName);
    const methods = publicMethods();
    expect(portMethods.length).toBeGreaterThan(100);
    expect(portMethods.filter((m) => !methods.includes(m!))).toEqual([]);
  });

  it('calls every public store method from a contract test', () => {
    const uncovered = publicMethods().filter((m) => !callers.has(m));
    expect(uncovered, `store methods no contract test calls: ${uncovered.join(', ')}`).toEqual([]);
  });
});
