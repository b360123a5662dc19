import { HttpStatus } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { scanJson } from './json-scan';

/**
 * The input boundary, before any route runs. Every JSON body passes body-parser's own
 * checks (size limit, inflation of gzip/deflate/br with the limit applied to what is
 * inflated, unknown encodings → 415, strict: objects and arrays only), then `verifyJsonBody`
 * (body-parser's `verify` hook, on the inflated bytes): UTF-8 only, decoded strictly (an
 * invalid byte or an overlong encoding is refused, never replaced by U+FFFD), and one scan
 * for depth, duplicate keys, NUL and lone surrogates (json-scan.ts). Every URL passes
 * `checkUrl`: its path and query decoded strictly, no NUL. What reaches a handler is then
 * text PostgreSQL can store, as the client sent it. Unknown keys are refused by the
 * validation pipe on the parsed object's own keys (InputValidationPipe).
 */
export class InputRefusedError extends Error {
  readonly type = 'input.refused';
  readonly expose = true;
  /** Both names, as http-errors (which body-parser passes it through) reads and writes them. */
  status: number;
  statusCode: number;

  constructor(message: string, status: number = HttpStatus.BAD_REQUEST) {
    super(message);
    this.name = 'InputRefusedError';
    this.status = status;
    this.statusCode = status;
  }
}

export function isInputRefusedError(error: unknown): error is InputRefusedError {
  return error instanceof InputRefusedError;
}

/** body-parser's `verify`: called with the inflated body, before it is decoded and parsed. */
export function verifyJsonBody(_request: IncomingMessage, _response: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') {
    throw new InputRefusedError(`request body charset ${encoding} is not supported: JSON is UTF-8`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    const where = scanJson(body, at)?.path ?? 'body';
    throw new InputRefusedError(`${where} is not valid UTF-8 (byte ${at} of the body): invalid bytes and overlong encodings are refused`);
  }
  const found = scanJson(body);
  if (found) throw new InputRefusedError(found.problem);
}

/**
 * The offset of the first byte that breaks strict UTF-8 (RFC 3629: no overlong form, no
 * surrogate, nothing above U+10FFFF). Only run once `isUtf8` said no, to name the place.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let pos = 0;
  while (pos < bytes.length) {
    const lead = bytes[pos]!;
    if (lead < 0x80) {
      pos += 1;
      continue;
    }
    let size: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [size, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [size, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [size, min] = [4, 0x10000];
    else return pos;
    let code = lead & (0xff >> (size + 1));
    for (let next = 1; next < size; next += 1) {
      const byte = bytes[pos + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return pos;
      code = (code << 6) | (byte & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return pos;
    pos += size;
  }
  return bytes.length;
}

/**
 * The URL's path and every query parameter, percent-decoded to bytes: strict UTF-8 and no
 * NUL (Express's query parser would turn invalid bytes into U+FFFD). Throws naming the
 * parameter. A URL cannot carry a lone surrogate: its bytes are UTF-8, checked here.
 */
export function checkUrl(url: string): void {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  if (NEEDS_DECODING.test(path) && !isCleanText(percentDecoded(path, false))) {
    throw new InputRefusedError('the URL path must be UTF-8 text without the NUL character');
  }
  if (mark < 0) return;
  const query = url.slice(mark + 1);
  if (!NEEDS_DECODING.test(query)) return;
  let parameters = 0;
  for (const pair of query.split('&')) {
    parameters += 1;
    if (parameters > MAX_QUERY_PARAMETERS) throw new InputRefusedError(`too many query parameters (at most ${MAX_QUERY_PARAMETERS})`);
    const equals = pair.indexOf('=');
    const name = percentDecoded(equals < 0 ? pair : pair.slice(0, equals), true);
    if (!isCleanText(name)) throw new InputRefusedError('a query parameter name must be UTF-8 text without the NUL character');
    if (equals >= 0 && !isCleanText(percentDecoded(pair.slice(equals + 1), true))) {
      throw new InputRefusedError(`query parameter ${name.toString('utf8')} must be UTF-8 text without the NUL character`);
    }
  }
}

/** Plain ASCII without escapes is clean as it is (Node hands raw bytes over as latin1 characters). */
const NEEDS_DECODING = /[%\u0080-\uffff]/;

/** Far more than any route reads; a URL is bounded by Node anyway (16 KB of headers). */
const MAX_QUERY_PARAMETERS = 100;

/** The bytes a URL component stands for: `%XX` escapes decoded (`+` as a space in a query), other characters as their byte. */
function percentDecoded(text: string, plusIsSpace: boolean): Buffer {
  const bytes = Buffer.allocUnsafe(text.length);
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(index + 1, index + 3))) {
      bytes[length++] = parseInt(text.slice(index + 1, index + 3), 16);
      index += 2;
    } else {
      bytes[length++] = plusIsSpace && code === 0x2b ? 0x20 : code & 0xff;
    }
  }
  return bytes.subarray(0, length);
}

function isCleanText(bytes: Buffer): boolean {
  return isUtf8(bytes) && !bytes.includes(0);
}
