import { toApiGatewayClaims } from './claims';

describe('toApiGatewayClaims', () => {
  it('flattens claim values the way the HTTP API JWT authorizer does', () => {
    // Arrange
    const payload = {
      sub: 'abc',
      exp: 1732400000,
      email_verified: false,
      'cognito:groups': ['admin', 'poweruser'],
      address: { city: 'Seattle' },
      nickname: null,
    };

    // Act
    const claims = toApiGatewayClaims(payload);

    // Assert
    expect(claims).toEqual({
      sub: 'abc',
      exp: '1732400000',
      email_verified: 'false',
      'cognito:groups': '[admin poweruser]',
      address: '{"city":"Seattle"}',
    });
  });
});
