import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Delivery } from '../outbox/delivery-rules.js';
import { OutboxWorker } from '../outbox/outbox-worker.js';
import { type ClaimedStatement, XapiRepository } from './xapi.repository.js';

/** Statements taken at a time, each PUT on its own request. */
const BATCH = 10;
const TIMEOUT_MS = 15_000;

/**
 * Delivers the xAPI outbox to XAPI_ENDPOINT: each statement is PUT under its own id, so one the store
 * already holds (a retry after a lost answer) is not stored twice. A refusal of the statement (4xx)
 * fails it for an admin to see; the store busy or failing (429, 5xx) is retried later; no answer, or
 * an answer that refuses Hearth itself (401, 403, 404: wrong credentials or URL), is an outage that
 * costs the statements nothing while someone mends the configuration.
 */
@Injectable()
export class XapiSender extends OutboxWorker<ClaimedStatement> {
  private authorization?: string;

  constructor(
    private readonly statements: XapiRepository,
    private readonly config: AppConfig,
  ) {
    super('xAPI', 'The learning record store', statements, config.database, BATCH);
  }

  protected open(): boolean {
    const xapi = this.config.xapi;
    if (!xapi) return false;
    if (xapi.username !== undefined)
      this.authorization = `Basic ${Buffer.from(`${xapi.username}:${xapi.password ?? ''}`).toString('base64')}`;
    return true;
  }

  protected async deliver(item: ClaimedStatement): Promise<Delivery> {
    const xapi = this.config.xapi;
    if (!xapi || item.statement === null) return { outcome: 'outage' };
    let response: Response;
    try {
      response = await fetch(`${xapi.endpoint}/statements?statementId=${item.statementId}`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          'X-Experience-API-Version': '1.0.3',
          ...(this.authorization ? { Authorization: this.authorization } : {}),
        },
        body: item.statement,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      return { outcome: 'outage' };
    }
    // 409: the store holds a statement with this id already (ours, sent before an answer was lost).
    if (response.ok || response.status === 409) {
      await response.body?.cancel();
      return { outcome: 'sent' };
    }
    const reason = `${response.status} ${(await response.text().catch(() => '')).replace(/\s+/g, ' ')}`
      .trim()
      .slice(0, 300);
    if ([401, 403, 404].includes(response.status))
      return { outcome: 'outage', reason: `it refuses Hearth, ${reason.slice(0, 120)}: check XAPI_*` };
    if (response.status === 429 || response.status >= 500) return { outcome: 'temporary', reason };
    return { outcome: 'permanent', reason };
  }
}
