import { formatEmf, formatModelUsage, modelUsage, parseEmf } from './emf';

const MODEL_CALL =
  '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"IntelliView","Dimensions":[["service","route","modelId"]],"Metrics":[{"Name":"ModelCalls","Unit":"Count"},{"Name":"ModelLatency","Unit":"Milliseconds"},{"Name":"InputTokens","Unit":"Count"},{"Name":"OutputTokens","Unit":"Count"},{"Name":"CacheReadTokens","Unit":"Count"},{"Name":"CacheWriteTokens","Unit":"Count"}]}]},"service":"intelliview","route":"interview","modelId":"local.intelliview-stand-in","ModelCalls":1,"ModelLatency":12,"InputTokens":312,"OutputTokens":45,"CacheReadTokens":1480,"CacheWriteTokens":96}\n';

describe('local mode\'s EMF view', () => {
  it('recognises an EMF line and nothing else', () => {
    expect(parseEmf(MODEL_CALL)?.route).toBe('interview');
    expect(parseEmf('{"level":"INFO","message":"request"}\n')).toBeUndefined();
    expect(parseEmf('{"_aws": broken')).toBeUndefined();
  });

  it('prints one compact line: namespace, dimensions but service, name=value with units', () => {
    expect(formatEmf(parseEmf(MODEL_CALL)!)).toBe(
      '  metrics IntelliView route=interview modelId=local.intelliview-stand-in | ModelCalls=1 ModelLatency=12ms InputTokens=312 OutputTokens=45 CacheReadTokens=1480 CacheWriteTokens=96',
    );
  });

  it('sums the model calls of a request for its request line', () => {
    const line = parseEmf(MODEL_CALL)!;
    const usage = modelUsage([line, line]);
    expect(usage).toEqual({ calls: 2, input: 624, output: 90, cacheRead: 2960, cacheWrite: 192 });
    expect(formatModelUsage(usage!)).toBe('model: 2 calls, 624 in + 2,960 cache read + 192 cache write, 90 out');
    expect(modelUsage([])).toBeUndefined();
  });
});
