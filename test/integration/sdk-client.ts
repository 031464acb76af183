/**
 * A RenderingVideo API client written only from the documented shapes (spec digest §7.2 and the
 * way the published SDKs call the API): every request sends `Authorization: Bearer sk-…` and
 * `Content-Type: application/json` (even a DELETE without a body), and an answer that is not
 * 2xx, or that says `success: false`, becomes an error carrying `code`, `details` and the status.
 * It knows nothing of framesmith.
 */

export class ApiClientError extends Error {
  constructor(message: string, readonly code: string, readonly status: number, readonly details: Record<string, unknown>) {
    super(message);
    this.name = 'ApiClientError';
  }
}

type Json = Record<string, any>;
type Query = Record<string, string | number | undefined>;

export interface RenderOptions { webhook_url?: string; num_workers?: number; webhookUrl?: string; numWorkers?: number }

export class RenderingVideoClient {
  readonly video;
  readonly files;
  readonly preview;
  readonly credits;

  constructor(private readonly apiKey: string, private readonly baseUrl: string) {
    if (!apiKey.startsWith('sk-')) throw new Error('API key should start with "sk-"');
    const req = this.request.bind(this);
    const renderBody = (o: RenderOptions = {}) => {
      const body: Json = {};
      const hook = o.webhook_url ?? o.webhookUrl;
      const workers = o.num_workers ?? o.numWorkers;
      if (hook) body.webhook_url = hook;
      if (workers !== undefined) body.num_workers = workers;
      return body;
    };
    this.video = {
      create: (o: { config: Json; metadata?: Json; title?: string; category?: string }) => req('POST', '/api/v1/video', o),
      list: (o: { page?: number; limit?: number; status?: string; category?: string } = {}) => req('GET', '/api/v1/video', undefined, o),
      get: (taskId: string) => req('GET', `/api/v1/video/${encodeURIComponent(taskId)}`),
      delete: (taskId: string) => req('DELETE', `/api/v1/video/${encodeURIComponent(taskId)}`),
      render: (taskId: string, o?: RenderOptions) => req('POST', `/api/v1/video/${encodeURIComponent(taskId)}/render`, renderBody(o)),
      createAndRender: async (o: { config: Json } & RenderOptions) => {
        const task = await req('POST', '/api/v1/video', { config: o.config });
        return req('POST', `/api/v1/video/${encodeURIComponent(task.taskId as string)}/render`, renderBody(o));
      },
    };
    this.files = {
      upload: (form: FormData) => this.upload(form),
      uploadBuffer: (buffer: Buffer, filename: string, mimeType: string) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(buffer)], { type: mimeType }), filename);
        return this.upload(form);
      },
      list: (o: { page?: number; limit?: number; type?: string } = {}) => req('GET', '/api/v1/files', undefined, o),
      delete: (fileId: string) => req('DELETE', `/api/v1/files/${encodeURIComponent(fileId)}`),
    };
    this.preview = {
      create: (config: Json) => req('POST', '/api/v1/preview', config),
      get: (tempId: string) => req('GET', `/api/v1/preview/${encodeURIComponent(tempId)}`),
      delete: (tempId: string) => req('DELETE', `/api/v1/preview/${encodeURIComponent(tempId)}`),
      convert: (tempId: string, o: { category?: string; metadata?: Json } = {}) => req('POST', `/api/v1/preview/${encodeURIComponent(tempId)}/convert`, o),
      render: (tempId: string, o: { category?: string; metadata?: Json } & RenderOptions = {}) =>
        req('POST', `/api/v1/preview/${encodeURIComponent(tempId)}/render`, { ...(o.category ? { category: o.category } : {}), ...(o.metadata ? { metadata: o.metadata } : {}), ...renderBody(o) }),
    };
    this.credits = {
      get: () => req('GET', '/api/v1/credits'),
      hasEnough: async (n: number) => ((await req('GET', '/api/v1/credits')).credits as number) >= n,
    };
  }

  getCapabilities(): Promise<Json> {
    return this.request('GET', '/api/v1/capabilities');
  }

  private async request(method: string, endpoint: string, body?: unknown, params?: Query): Promise<Json> {
    const url = new URL(`${this.baseUrl}${endpoint}`);
    for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
    const res = await fetch(url, {
      method,
      redirect: 'error',
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return this.handle(res);
  }

  private async upload(form: FormData): Promise<Json> {
    const res = await fetch(`${this.baseUrl}/api/v1/upload`, { method: 'POST', redirect: 'error', headers: { Authorization: `Bearer ${this.apiKey}` }, body: form });
    return this.handle(res);
  }

  private async handle(res: Response): Promise<Json> {
    const data = (await res.json()) as Json;
    if (!res.ok || data.success === false) {
      throw new ApiClientError((data.error as string) || 'Unknown error', (data.code as string) || 'UNKNOWN_ERROR', res.status, (data.details as Json) || data);
    }
    return data;
  }
}

/** Verifies a webhook the way a receiver would: HMAC-SHA256 of the raw body with the shared secret. */
export async function verifyWebhookSignature(rawBody: string, header: string | undefined, secret: string): Promise<boolean> {
  const { createHmac, timingSafeEqual } = await import('node:crypto');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const got = Buffer.from(header ?? '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
