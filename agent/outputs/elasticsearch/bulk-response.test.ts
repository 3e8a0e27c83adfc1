import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isRetriable, SidecarError } from '../../errors.js';
import { readBulkResponse, statusOf } from './bulk-response.js';

const stream = (text: string | Buffer, chunk = 7): Readable => {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
};

describe('bulk response reading', () => {
  it('settles all items from "errors":false without needing the items, with or without "took" first', async () => {
    for (const body of ['{"errors":false,"items":[{"create":{"status":201}}]}', '{"took":12,"errors":false,"items":[]}', ' { "errors" : false }']) {
      expect(await readBulkResponse(200, {}, stream(body))).toEqual({ errors: false });
    }
  });

  it('parses and validates the items when some failed, in order', async () => {
    const body = '{"errors":true,"items":[{"create":{"status":201}},{"create":{"status":400,"error":{"type":"mapper_parsing_exception","reason":"bad"}}}]}';
    const response = await readBulkResponse(200, {}, stream(body));
    expect(response.errors).toBe(true);
    if (response.errors) expect(response.items.map((item) => item.create?.status)).toEqual([201, 400]);
  });

  it('falls back to a full parse for a layout it does not recognise, and rejects what is not a bulk response', async () => {
    expect(await readBulkResponse(200, {}, stream('{"items":[],"errors":false}'))).toEqual({ errors: false });
    await expect(readBulkResponse(200, {}, stream('{"items":[]}'))).rejects.toThrow();
    await expect(readBulkResponse(200, { 'content-type': 'text/html' }, stream('<html>proxy error</html>'))).rejects.toThrow(
      /^bulk response is not JSON \(.*; content-type text\/html\): <html>proxy error<\/html>$/,
    );
  });

  it('decompresses gzip responses', async () => {
    const body = gzipSync('{"errors":true,"items":[{"index":{"status":429}}]}');
    const response = await readBulkResponse(200, { 'content-encoding': 'gzip' }, stream(body));
    expect(response.errors && response.items[0]?.index?.status).toBe(429);
  });

  it('turns an HTTP error status into an error carrying that status', async () => {
    const error = await readBulkResponse(413, {}, stream('{"error":"too large"}')).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(413);
    expect(String(error)).toContain('too large');
  });
});

describe('bulk response errors', () => {
  it('reports an answer that is not JSON as BULK_RESPONSE_INVALID, retriable, with the parse error as its cause', async () => {
    const error = await readBulkResponse(200, { 'content-type': 'text/html' }, stream('<html>proxy error</html>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    expect(error).toMatchObject({ code: 'BULK_RESPONSE_INVALID', retriable: true });
    expect(isRetriable(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(statusOf(error)).toBeUndefined();
  });
});
