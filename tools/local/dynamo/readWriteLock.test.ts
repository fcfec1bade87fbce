/** The readers–writer lock that serialises transactions against every other request. */
import { ReadWriteLock, type Release } from './readWriteLock';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadWriteLock', () => {
  it('grants many shared holders at once', async () => {
    // Arrange
    const lock = new ReadWriteLock();

    // Act
    await Promise.all([lock.acquireShared(), lock.acquireShared(), lock.acquireShared()]);

    // Assert
    expect(lock.state).toEqual({ shared: 3, exclusive: false, waiting: 0 });
  });

  it('makes an exclusive request wait for the shared holders, and later shared requests wait behind it', async () => {
    // Arrange
    const lock = new ReadWriteLock();
    const order: string[] = [];
    const firstReader = await lock.acquireShared();
    const writer = lock.acquireExclusive().then((release) => {
      order.push('writer');
      return release;
    });
    const lateReader = lock.acquireShared().then((release) => {
      order.push('late reader');
      return release;
    });
    await settle();
    const whileReading = [...order];

    // Act
    firstReader();
    await settle();
    const whileWriting = { order: [...order], state: lock.state };
    (await writer)();
    (await lateReader)();

    // Assert
    expect(whileReading).toEqual([]);
    expect(whileWriting).toEqual({ order: ['writer'], state: { shared: 0, exclusive: true, waiting: 1 } });
    expect(order).toEqual(['writer', 'late reader']);
    expect(lock.state).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('runs exclusive sections one at a time, in arrival order', async () => {
    // Arrange
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const section = (name: string) =>
      lock.exclusive(async () => {
        events.push(`${name} in`);
        await settle();
        events.push(`${name} out`);
      });

    // Act
    await Promise.all([section('a'), section('b'), section('c')]);

    // Assert
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('ignores a second release of the same hold', async () => {
    // Arrange
    const lock = new ReadWriteLock();
    const first: Release = await lock.acquireShared();
    await lock.acquireShared();

    // Act
    first();
    first();

    // Assert
    expect(lock.state).toEqual({ shared: 1, exclusive: false, waiting: 0 });
  });

  it('releases the hold when the work throws', async () => {
    // Arrange
    const lock = new ReadWriteLock();

    // Act
    const outcome = lock.exclusive(async () => {
      throw new Error('boom');
    });

    // Assert
    await expect(outcome).rejects.toThrow('boom');
    expect(lock.state).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });
});
