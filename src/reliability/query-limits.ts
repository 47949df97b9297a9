import { GraphQLError, Lexer, Source, TokenKind, parse, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValidationContext, ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { BoundedMemo } from '../../adapters/bounded-memo';
import { ErrorCode } from '../errors';

export interface QueryLimits {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  tokens: number;
}

export type QueryLimitName = keyof QueryLimits;

// Fixed order: it is the cache key layout and the order errors are reported in.
const LIMIT_NAMES: readonly QueryLimitName[] = ['depth', 'aliases', 'directives', 'cost', 'tokens'];

/**
 * Roomy for a real drill-down (department → encounter page → patient → lab orders → results is
 * about 8 levels), tight enough that one request cannot fan out into every source system at once.
 * Roles that need more (analysts, batch exports) get it through per-role overrides, not here.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  depth: 12,
  aliases: 30,
  directives: 20,
  cost: 250_000,
  tokens: 5000,
});

/** the limits of a viewer: the most generous of its roles' limits (role overrides merge over defaults) */
export function limitsFor(
  roles: readonly string[],
  perRole: Record<string, Partial<QueryLimits>>,
  defaults: QueryLimits = DEFAULT_QUERY_LIMITS,
): QueryLimits {
  if (roles.length === 0) return { ...defaults };
  const each = roles.map((role) => roleLimits(role, perRole, defaults));
  const result = {} as QueryLimits;
  for (const name of LIMIT_NAMES) result[name] = Math.max(...each.map((limits) => limits[name]));
  return result;
}

function roleLimits(role: string, perRole: Record<string, Partial<QueryLimits>>, defaults: QueryLimits): QueryLimits {
  // hasOwn: a role named 'constructor' or '__proto__' must not pick up Object.prototype members.
  const overrides = Object.hasOwn(perRole, role) ? perRole[role] : undefined;
  const limits = { ...defaults };
  for (const name of LIMIT_NAMES) {
    const value = overrides?.[name];
    // An override of `undefined` (e.g. from a YAML key left empty) keeps the default rather than lifting the limit.
    if (typeof value === 'number' && !Number.isNaN(value)) limits[name] = value;
  }
  return limits;
}

/** Checks a document before execution. Returns [] when within limits, else QUERY_TOO_COMPLEX errors, at most one per limit. */
export function checkQueryLimits(schema: GraphQLSchema, document: DocumentNode, limits: QueryLimits): GraphQLError[] {
  const errors = validate(schema, document, rulesFor(limits));
  // A document may hold several operations and each is checked on its own; the client needs one
  // error per limit, and the worst case is the one that tells it how much to cut.
  const worst = new Map<QueryLimitName, GraphQLError>();
  for (const error of errors) {
    const limit = error.extensions['limit'] as QueryLimitName | undefined;
    if (error.extensions['code'] !== ErrorCode.QUERY_TOO_COMPLEX || limit === undefined) continue;
    const previous = worst.get(limit);
    if (!previous || actualOf(error) > actualOf(previous)) worst.set(limit, error);
  }
  return LIMIT_NAMES.flatMap((name) => worst.get(name) ?? []);
}

function actualOf(error: GraphQLError): number {
  const actual = error.extensions['actual'];
  return typeof actual === 'number' ? actual : -1;
}

/**
 * Counts the tokens of a query text before it is parsed for execution; returns a QUERY_TOO_COMPLEX
 * error (limit 'tokens') when it has more than `max`, else null. Syntax errors are left to the
 * real parse, which reports them with locations.
 */
export function checkTokens(query: string, max: number): GraphQLError | null {
  try {
    // graphql's own limit stops the parser at token max + 1, so an oversized text never becomes a full AST.
    parse(query, { maxLexicalTokens: max, noLocation: true });
    return null;
  } catch {
    // Either the limit or a syntax error; the parser does not say which except in its message text.
  }
  // Neither graphql nor graphql-armor-max-tokens report how many tokens there were (both stop at
  // max + 1), so the overage is counted with the same lexer, which builds no AST. The cap bounds
  // the work on a text far beyond any limit.
  const cap = max * 10;
  const { count, complete } = countTokens(query, cap);
  if (count <= max) return null;
  return complete ? tooComplex('tokens', max, count) : tooComplex('tokens', max, undefined, count);
}

function countTokens(query: string, cap: number): { count: number; complete: boolean } {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    // advance() skips comments, exactly as parse's maxLexicalTokens counts.
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > cap) return { count, complete: false };
    }
  } catch {
    // A lexical error ends the count; what was counted so far is a lower bound.
    return { count, complete: false };
  }
  return { count, complete: true };
}

type RejectHandler = (context: ValidationContext | null, error: GraphQLError) => void;

const MAX_CACHED_RULE_SETS = 64;
const ruleCache = new Map<string, readonly ValidationRule[]>();

function rulesFor(limits: QueryLimits): readonly ValidationRule[] {
  const key = JSON.stringify(LIMIT_NAMES.map((name) => limits[name]));
  let rules = ruleCache.get(key);
  if (!rules) {
    // Limits come from role configuration, so there are few distinct sets; the bound only guards
    // against a caller that derives limits per request.
    if (ruleCache.size >= MAX_CACHED_RULE_SETS) ruleCache.clear();
    rules = buildRules(limits);
    ruleCache.set(key, rules);
  }
  return rules;
}

function buildRules(limits: QueryLimits): readonly ValidationRule[] {
  // graphql-armor's rules throw their own error by default, which would abort validation at the
  // first exceeded limit and carry armor's wording ("Syntax Error: ..."); instead each rejection
  // is reported through the validation context as our own error, so every exceeded limit is named.
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.depth,
      ignoreIntrospection: true,
      // Fragments neither hide depth nor add to it: "N levels deep" means the shape of the response.
      flattenFragments: true,
      onReject: [reporter('depth', limits.depth)],
    }),
    maxAliasesRule({ ...common, n: limits.aliases, onReject: [reporter('aliases', limits.aliases)] }),
    maxDirectivesRule({ ...common, n: limits.directives, onReject: [reporter('directives', limits.directives)] }),
    costLimitRule({
      ...common,
      maxCost: limits.cost,
      // A field with a selection set (an object, or a list of them) costs twice a scalar, each level
      // below weighs 1.5× the one above, and `first`/`last` multiply their whole subtree: a page of
      // 10,000 encounters costs 10,000 pages of one. Set explicitly so an armor upgrade that changes
      // its defaults cannot silently move every role's budget.
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [reporter('cost', limits.cost)],
    }),
  ];
}

function reporter(limit: QueryLimitName, maximum: number): RejectHandler {
  return (context, armorError) => {
    // Armor states the measured value only inside its message ("... exceeded, found 17."); it is
    // read from there, and when absent the client is still told which limit and its maximum.
    const found = /found (-?\d+(?:\.\d+)?)/.exec(armorError.message);
    const actual = found ? Math.ceil(Number(found[1])) : undefined;
    context?.reportError(tooComplex(limit, maximum, actual));
  };
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function tooComplex(limit: QueryLimitName, maximum: number, actual?: number, atLeast?: number): GraphQLError {
  return new GraphQLError(describe(limit, maximum, actual, atLeast), {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, maximum, ...(actual === undefined ? {} : { actual }) },
  });
}

function describe(limit: QueryLimitName, maximum: number, actual?: number, atLeast?: number): string {
  const max = number.format(maximum);
  const over = actual === undefined ? '' : ` (${number.format(actual - maximum)} over)`;
  const role = 'for your role';
  switch (limit) {
    case 'depth':
      return actual === undefined
        ? `The query is nested too deeply; at most ${max} levels are allowed ${role}.`
        : `The query is ${number.format(actual)} levels deep; at most ${max} are allowed ${role}${over}.`;
    case 'aliases':
      return actual === undefined
        ? `The query uses too many aliases; at most ${max} are allowed ${role}.`
        : `The query uses ${number.format(actual)} aliases; at most ${max} are allowed ${role}${over}.`;
    case 'directives':
      return actual === undefined
        ? `The query uses too many directives; at most ${max} are allowed ${role}.`
        : `The query uses ${number.format(actual)} directives; at most ${max} are allowed ${role}${over}.`;
    case 'cost':
      return actual === undefined
        ? `The query's estimated cost is too high; at most ${max} is allowed ${role}. Request smaller pages (first) or fewer nested lists.`
        : `The query's estimated cost is ${number.format(actual)}; at most ${max} is allowed ${role}. Request smaller pages (first) or fewer nested lists.`;
    case 'tokens':
      if (actual !== undefined) return `The query has ${number.format(actual)} tokens; at most ${max} are allowed ${role}${over}.`;
      if (atLeast !== undefined) return `The query has at least ${number.format(atLeast)} tokens; at most ${max} are allowed ${role}.`;
      return `The query has too many tokens; at most ${max} are allowed ${role}.`;
  }
}

/**
 * The limits of a document's text, checked before Apollo parses it: a hostile document costs one
 * bounded parse. A dashboard sends the same few documents all day, so each (text, limits) is
 * checked once and remembered (at most 1,000 documents of up to 20,000 characters).
 */
export class DocumentLimitChecker {
  private static readonly MAX_DOCUMENTS = 1_000;
  private static readonly MAX_LENGTH = 20_000;
  private readonly checked = new BoundedMemo<string, GraphQLError | null>(DocumentLimitChecker.MAX_DOCUMENTS);

  constructor(private readonly schema: GraphQLSchema) {}

  check(text: string, limits: QueryLimits): GraphQLError | null {
    // the token count is a parse of its own: it is remembered with the rest
    const check = () => {
      const tokens = checkTokens(text, limits.tokens);
      if (tokens) return tokens;
      let document: DocumentNode;
      try {
        document = parse(text, { maxTokens: limits.tokens });
      } catch {
        return null; // Apollo reports the syntax error
      }
      return checkQueryLimits(this.schema, document, limits)[0] ?? null;
    };
    if (text.length > DocumentLimitChecker.MAX_LENGTH) return check();
    return this.checked.get(`${limits.depth}:${limits.aliases}:${limits.directives}:${limits.cost}:${limits.tokens}\n${text}`, check);
  }
}
