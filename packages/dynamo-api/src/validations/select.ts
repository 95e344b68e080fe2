import { validation } from '../errors.js';

export interface SelectRequest {
  Select?: 'SPECIFIC_ATTRIBUTES' | 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES';
  AttributesToGet?: string[];
  ProjectionExpression?: string;
  IndexName?: string;
}

/**
 * Resolves Select against the projection parameters, with DynamoDB's errors for conflicts.
 * AttributesToGet together with ProjectionExpression is refused earlier, by the mixing rule.
 */
export function selectMode(req: SelectRequest, operation: 'Query' | 'Scan'): 'SPECIFIC_ATTRIBUTES' | 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' {
  const projected = req.ProjectionExpression !== undefined || req.AttributesToGet !== undefined;
  // An index read returns what the index projects unless asked otherwise.
  const select = req.Select ?? (projected ? 'SPECIFIC_ATTRIBUTES' : req.IndexName !== undefined ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES');
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && req.IndexName === undefined) {
    throw validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && !projected) {
    // DynamoDB words it so for both, but only Query wraps it in the validation-error envelope.
    const message = 'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES';
    throw validation(operation === 'Query' ? `1 validation error detected: ${message}` : message);
  }
  if (projected && select !== 'SPECIFIC_ATTRIBUTES') {
    const what = req.ProjectionExpression !== undefined ? 'ProjectionExpression' : 'AttributesToGet';
    throw validation(
      `Cannot specify the ${what} when choosing to get ${select === 'COUNT' ? 'only the COUNT' : select}`,
    );
  }
  return select;
}
