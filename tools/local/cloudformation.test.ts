import { NO_VALUE, type Scope, UnresolvableError, evaluate, parseTemplate } from './cloudformation';

/** A scope with two parameters, one resource and one condition. */
const scope: Scope = {
  ref: (name) => {
    const values: Record<string, unknown> = { Stage: 'dev', 'AWS::Region': 'eu-west-1', Origins: ['a', 'b'], Table: 'tbl' };
    if (name in values) return values[name];
    throw new UnresolvableError(`no ${name}`);
  },
  getAtt: (resource, attribute) => `${resource}|${attribute}`,
  condition: (name) => name === 'IsDev',
  mappings: { Sizes: { dev: { Memory: 256 } } },
};

describe('parseTemplate', () => {
  it('turns the short-form tags into their long forms, GetAtt split at the first dot', () => {
    // Act
    const template = parseTemplate(`
Resources:
  R:
    Type: X
    Properties:
      A: !Ref Stage
      B: !GetAtt Fn.Outputs.Name
      C: !Sub 'x-\${Stage}'
      D: !If [IsDev, !Ref Table, !Ref AWS::NoValue]
      E: !Join [',', !Ref Origins]
      F: !Select [1, !Split [',', 'p,q']]
`);

    // Assert
    expect(template.Resources?.R?.Properties).toEqual({
      A: { Ref: 'Stage' },
      B: { 'Fn::GetAtt': ['Fn', 'Outputs.Name'] },
      C: { 'Fn::Sub': 'x-${Stage}' },
      D: { 'Fn::If': ['IsDev', { Ref: 'Table' }, { Ref: 'AWS::NoValue' }] },
      E: { 'Fn::Join': [',', { Ref: 'Origins' }] },
      F: { 'Fn::Select': [1, { 'Fn::Split': [',', 'p,q'] }] },
    });
  });
});

describe('evaluate', () => {
  it.each([
    [{ Ref: 'Stage' }, 'dev'],
    [{ 'Fn::Sub': '${AWS::Region}/${Stage}/${Fn.Arn}/${!Literal}' }, 'eu-west-1/dev/Fn|Arn/${Literal}'],
    [{ 'Fn::Sub': ['${A}-${Stage}', { A: { Ref: 'Table' } }] }, 'tbl-dev'],
    [{ 'Fn::Join': ['+', { Ref: 'Origins' }] }, 'a+b'],
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'p,q,r'] }] }, 'q'],
    [{ 'Fn::If': ['IsDev', 'yes', 'no'] }, 'yes'],
    [{ 'Fn::If': ['IsProd', 'yes', 'no'] }, 'no'],
    [{ 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] }, true],
    [{ 'Fn::And': [{ 'Fn::Equals': ['a', 'a'] }, { 'Fn::Not': [{ Condition: 'IsProd' }] }] }, true],
    [{ 'Fn::Or': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'b'] }] }, false],
    [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 256],
  ])('resolves %j to %j', (value, expected) => {
    // Act / Assert
    expect(evaluate(value, scope)).toEqual(expected);
  });

  it('drops AWS::NoValue from maps and lists', () => {
    // Act
    const value = evaluate({ keep: 1, drop: { Ref: 'AWS::NoValue' }, list: [1, { 'Fn::If': ['IsProd', 2, { Ref: 'AWS::NoValue' }] }] }, scope);

    // Assert
    expect(value).toEqual({ keep: 1, list: [1] });
    expect(evaluate({ Ref: 'AWS::NoValue' }, scope)).toBe(NO_VALUE);
  });

  it('throws UnresolvableError for what cannot be known locally', () => {
    // Act / Assert
    expect(() => evaluate({ 'Fn::ImportValue': 'shared-thing' }, scope)).toThrow(UnresolvableError);
    expect(() => evaluate({ Ref: 'Missing' }, scope)).toThrow(UnresolvableError);
    expect(() => evaluate({ 'Fn::Select': [5, ['a']] }, scope)).toThrow(UnresolvableError);
  });
});
