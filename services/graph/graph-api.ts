/**
 * The Microsoft Graph port. Services that use Graph (the SharePoint replica, Entra groups, app
 * installation, meetings and attendance) take a GraphApi; `openGraph` (open-graph.ts) builds
 * the real one from config, and tests point it at the fake Graph on loopback.
 *
 * It never retries by itself: each caller paces its own requests (SharePoint's resource units,
 * an install rate) and decides what a 429 or 503 means for its work, so a retry can't slip past
 * a pacer the way the Graph client's own RetryHandler would.
 */
export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphRequest {
  /** Set by callers of batch(): how the answer is matched back. */
  id?: string;
  method: GraphMethod;
  /** Relative to the endpoint's version root, e.g. "/sites/{site-id}/lists?$select=id". */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphResponse<T = unknown> {
  /** The HTTP status, or for a batch item the status Graph gave it. */
  status: number;
  body: T;
  headers: Record<string, string>;
  /** From Retry-After (seconds or a date), when the answer carried one. */
  retryAfterMs?: number;
}

export interface GraphBatchResponse {
  /** The status of the $batch request itself: 200 can still hold inner 429s. */
  status: number;
  retryAfterMs?: number;
  /** One per request, in the order the requests were given. */
  responses: GraphResponse[];
}

export interface GraphApi {
  /** One HTTP request. Resolves for every HTTP status; rejects only when no answer came (GraphUnreachable, GraphSignInFailed). */
  send<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>>;
  /** POST /$batch with at most 20 requests. */
  batch(reqs: GraphRequest[]): Promise<GraphBatchResponse>;
  /** Every item of a collection, following @odata.nextLink; stops at the first answer that is not 200 and returns it. */
  all<T = unknown>(url: string): Promise<{ items: T[]; failed?: GraphResponse }>;
}

/** The sign-in itself failed (wrong or expired secret, unknown tenant or app): nothing reached Graph. */
export class GraphSignInFailed extends Error {
  constructor(
    message: string,
    /** Plain words for the business unit, naming the fix. */
    readonly fix: string,
  ) {
    super(message);
    this.name = 'GraphSignInFailed';
  }
}

/** Graph could not be reached (DNS, refused, TLS, timeout). */
export class GraphUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphUnreachable';
  }
}

/**
 * A server answered with a certificate Node does not trust (a stand-in's test certificate without
 * NODE_EXTRA_CA_CERTS, a proxy's own): unreachable all the same, but trying again cannot help.
 */
export class GraphCertificateUntrusted extends GraphUnreachable {
  constructor(
    /** The host whose certificate is not trusted. */
    readonly host: string,
    /** What Node said (its error code). */
    detail: string,
  ) {
    super(`The certificate of ${host} is not trusted (${detail}).`);
    this.name = 'GraphCertificateUntrusted';
  }

  /** Plain words naming the fix. */
  get fix(): string {
    return `The certificate of ${this.host} is not trusted: for the stand-in, start with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem (Node reads it only at start); otherwise add the certificate authority that issued it to the file NODE_EXTRA_CA_CERTS names, and restart.`;
  }
}
