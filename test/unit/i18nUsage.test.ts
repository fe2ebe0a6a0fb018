// Every i18n key the app's code uses exists in i18n/en.json (test/unit/i18n.test.ts then checks
// that every other language has en's keys). Keys are found in the source with the TypeScript parser.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { TRANSCRIPT_LABEL_KEYS } from '../../lib/i18n';
import { SETTINGS } from '../../lib/settings';

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = ['TranscriptApp.ts', 'endpoints', 'handlers', 'slashcommands', 'services', 'lib', 'ui'];
const I18N_PROPERTIES = ['i18nLabel', 'i18nDescription', 'i18nParamsExample', 'i18nTitle', 'i18nPlaceholder', 'labelI18n'];

const en: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n', 'en.json'), 'utf8'));

/** A key as written in the code: a literal, or a template such as `setting_${id}` (matched as a pattern). */
interface KeyUse {
    key: string;
    pattern?: RegExp;
    at: string;
}

function sourceFiles(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (fs.statSync(full).isFile()) {
        return [full];
    }
    return fs.readdirSync(full).flatMap((name) => (name.endsWith('.d.ts') ? [] : name.endsWith('.ts') || !name.includes('.') ? sourceFiles(path.join(entry, name)) : []));
}

/** The i18n keys used in one file: arguments of t(…) / x.t(…) and values of i18n* properties. */
function keysUsedIn(fileName: string, text: string): KeyUse[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2017, true);
    const uses: KeyUse[] = [];

    /** The initializer of the constant an identifier names, looked up through the enclosing blocks. */
    const initializerOf = (identifier: ts.Identifier): ts.Expression | undefined => {
        for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
            if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
                for (const statement of scope.statements) {
                    const declaration = ts.isVariableStatement(statement)
                        ? statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === identifier.text)
                        : undefined;
                    if (declaration) {
                        return declaration.initializer;
                    }
                }
            }
        }
        return undefined;
    };

    /** String values an expression can have: literals, both branches of a conditional, a local constant's value. */
    const valuesOf = (expression: ts.Expression, seen = new Set<ts.Node>()): Array<{ key: string; pattern?: RegExp }> => {
        if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
            return [{ key: expression.text }];
        }
        if (ts.isTemplateExpression(expression)) {
            const parts = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)];
            const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            return [{ key: expression.getText(source), pattern: new RegExp(`^${parts.map(escape).join('.+')}$`) }];
        }
        if (ts.isParenthesizedExpression(expression)) {
            return valuesOf(expression.expression, seen);
        }
        if (ts.isConditionalExpression(expression)) {
            return [...valuesOf(expression.whenTrue, seen), ...valuesOf(expression.whenFalse, seen)];
        }
        if (ts.isBinaryExpression(expression) && (expression.operatorToken.kind === ts.SyntaxKind.BarBarToken || expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
            return [...valuesOf(expression.left, seen), ...valuesOf(expression.right, seen)];
        }
        const initializer = ts.isIdentifier(expression) ? initializerOf(expression) : undefined;
        if (initializer && !seen.has(initializer)) {
            seen.add(initializer);
            return valuesOf(initializer, seen);
        }
        return [];
    };

    const record = (expression: ts.Expression) => {
        const { line } = source.getLineAndCharacterOfPosition(expression.getStart(source));
        for (const value of valuesOf(expression)) {
            uses.push({ ...value, at: `${path.relative(ROOT, fileName)}:${line + 1}` });
        }
    };

    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
            const callee = node.expression;
            const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
            if (name === 't') {
                // t(key, params) and i18n.t(language, key, params): the key is one of the first two arguments.
                node.arguments.slice(0, 2).forEach(record);
            }
        }
        if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer && I18N_PROPERTIES.includes(node.name.getText(source))) {
            record(node.initializer);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return uses;
}

/** Uses whose key is not in en.json (for a template: that no key matches). */
function missing(uses: KeyUse[]): KeyUse[] {
    const keys = Object.keys(en);
    return uses.filter((use) => (use.pattern ? !keys.some((key) => use.pattern!.test(key)) : !Object.prototype.hasOwnProperty.call(en, use.key)));
}

const files = SOURCES.flatMap(sourceFiles);
const uses = files.flatMap((file) => keysUsedIn(file, fs.readFileSync(file, 'utf8')));

describe('i18n keys used by the code', () => {
    test('the scan sees the app code', () => {
        const keys = uses.map((use) => use.key);
        for (const key of ['email_default_subject', 'notify_email_failed', 'notify_pdf_failed', 'system_joined', 'transcript_command_description', 'transcript_command_params', 'transcript_command_usage']) {
            expect(keys).toContain(key);
        }
        expect(uses.length).toBeGreaterThan(40);
    });

    test('every key passed to t() or given as an i18n* property is in en.json', () => {
        expect(missing(uses).map((use) => `${use.at} ${use.key}`)).toEqual([]);
    });

    test('every setting has its label and description', () => {
        const wanted = SETTINGS.flatMap((setting) => [`setting_${setting.id}`, `setting_${setting.id}_description`]);
        expect(wanted.filter((key) => !(key in en))).toEqual([]);
    });

    test('every transcript label is in en.json', () => {
        expect(TRANSCRIPT_LABEL_KEYS.filter((key) => !(key in en))).toEqual([]);
    });
});

describe('the scan itself', () => {
    const scan = (code: string) => missing(keysUsedIn(path.join(ROOT, 'example.ts'), code)).map((use) => use.key);

    test('finds unknown keys in t(), i18n.t(), conditionals, constants and i18n* properties', () => {
        const code = [
            "t('no_such_key_1');",
            "i18n.t(language, 'no_such_key_2', { a: 1 });",
            "const key = failed ? 'no_such_key_3' : 'email_default_subject';",
            'i18n.t(language, key);',
            "class C { public i18nDescription = 'no_such_key_4'; }",
            "provide({ i18nLabel: 'no_such_key_5' });",
            'provide({ i18nLabel: `no_such_${id}_key_6` });',
        ].join('\n');
        expect(scan(code)).toEqual(['no_such_key_1', 'no_such_key_2', 'no_such_key_3', 'no_such_key_4', 'no_such_key_5', '`no_such_${id}_key_6`']);
    });

    test('accepts known keys and templates that match one', () => {
        expect(scan("t('email_default_subject'); x.t(lang, 'transcript_title'); const s = { i18nLabel: `setting_${id}` };")).toEqual([]);
    });
});
