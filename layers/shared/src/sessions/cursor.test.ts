// Unit: cursor encoding; TABLE_NAME salts the key, so set it before the module reads config.
process.env.TABLE_NAME ??= 'cursor-test-table';
export {};
const { decodeCursor, encodeCursor } = await import('./cursor');

const cursor = { after: { sessionId: 'sess-1', ts: 1732400000 }, top: 1732500000 };

function flipCharAt(token: string, index: number): string {
  const replacement = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe('sessions cursor', () => {
  it('round-trips for the user it was issued to, and is opaque', () => {
    // Act
    const token = encodeCursor('alice', cursor);
    // Assert
    expect(decodeCursor('alice', token)).toEqual(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('sess-1');
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('sess-1');
  });

  it("refuses another user's cursor with 400", () => {
    const token = encodeCursor('alice', cursor);
    expect(() => decodeCursor('bob', token)).toThrow(expect.objectContaining({ statusCode: 400, code: 'INVALID_CURSOR' }));
  });

  it('refuses any edited character with 400', () => {
    // Arrange
    const token = encodeCursor('alice', cursor);
    // Act / Assert: every position, header, nonce, tag and body alike
    for (let index = 0; index < token.length; index += 1) {
      expect(() => decodeCursor('alice', flipCharAt(token, index))).toThrow(expect.objectContaining({ statusCode: 400 }));
    }
  });

  it('refuses truncated and made-up cursors with 400', () => {
    const token = encodeCursor('alice', cursor);
    for (const bad of [token.slice(0, 20), token.slice(0, -4), 'AQ', Buffer.from(JSON.stringify(cursor)).toString('base64url')]) {
      expect(() => decodeCursor('alice', bad)).toThrow(expect.objectContaining({ statusCode: 400 }));
    }
  });
});
