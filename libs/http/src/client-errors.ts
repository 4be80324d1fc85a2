import http, { type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ProblemDetails } from '@helpdesk/errors';
import { rawSecurityHeaders } from './security-headers.js';
import { formatBytes } from './json-body.js';

/** What Node refused before express saw the request, as a problem a person can act on. */
function problemFor(error: NodeJS.ErrnoException): ProblemDetails {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      type: 'https://helpdesk.dev/problems/header-fields-too-large',
      title: 'Request header fields too large',
      status: 431,
      detail: `The request's headers are larger than the server takes (${formatBytes(http.maxHeaderSize)} in all): send fewer or shorter headers, cookies included.`,
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { type: 'about:blank', title: 'Request timeout', status: 408, detail: 'The request did not arrive in time: send it again.' };
  }
  return {
    type: 'https://helpdesk.dev/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: 'The request is not well-formed HTTP/1.1 and could not be read.',
  };
}

/**
 * Node answers requests it cannot parse (oversized headers: 431) and expectations it does not know
 * (`Expect` other than 100-continue: 417) itself, with an empty body; this answers them with a
 * problem document and the security headers instead (closing the connection after a parse error).
 */
export function answerClientErrors(server: Server): void {
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = JSON.stringify({
      type: 'about:blank',
      title: 'Expectation failed',
      status: 417,
      detail: `The server cannot meet "Expect: ${req.headers.expect ?? ''}": send the request without it (only 100-continue is understood).`,
    } satisfies ProblemDetails);
    res.writeHead(417, { ...rawSecurityHeaders, 'content-type': 'application/problem+json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error);
    const body = JSON.stringify(problem);
    const headers = {
      ...rawSecurityHeaders,
      'content-type': 'application/problem+json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = [`HTTP/1.1 ${problem.status} ${http.STATUS_CODES[problem.status]}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}
