import type { GraphQLSchema } from 'graphql';
import { deny, rule, type IRule, type IRules } from 'graphql-shield';
import type { AccessPolicy } from './access-policy';
import { classifyFields } from './field-classes';
import { DATA_CLASSES, type DataClass } from './permission-model';

/**
 * The graphql-shield rule tree: one rule per data class ("may this request read the class at
 * all?"), placed on every field of the schema by the permission model, deny by default.
 *
 * The tree is not run as per-field middleware — that would make every value of every row a
 * promise (7× the execution time, measured). The authorization pass (authorize-operation.ts)
 * evaluates the rules of the fields an operation selects, once per request, and resolvers
 * consult the decisions synchronously.
 */
export interface ShieldContext {
  policy: AccessPolicy;
  _shield: { cache: Record<string, unknown> };
}

export const CLASS_RULES: Record<DataClass, IRule> = Object.fromEntries(
  DATA_CLASSES.map((dataClass) => [
    dataClass,
    rule(`may-read-${dataClass}`, { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: ShieldContext) => ctx.policy.access(dataClass) !== 'none'),
  ]),
) as unknown as Record<DataClass, IRule>;

/** for fields the model leaves uncovered */
export const FALLBACK_RULE = deny;

export interface RuleTree {
  rules: IRules & Record<string, Record<string, IRule>>;
  classes: Map<string, DataClass>;
}

export function buildRuleTree(schema: GraphQLSchema): RuleTree {
  const classes = classifyFields(schema);
  const rules: Record<string, Record<string, IRule>> = {};
  for (const [coordinate, dataClass] of classes) {
    const [type, field] = coordinate.split('.') as [string, string];
    (rules[type] ??= {})[field] = CLASS_RULES[dataClass];
  }
  return { rules, classes };
}

/** the rule that guards `Type.field`: its class rule, or deny */
export function ruleFor(tree: RuleTree, type: string, field: string): IRule {
  return tree.rules[type]?.[field] ?? (FALLBACK_RULE as unknown as IRule);
}
