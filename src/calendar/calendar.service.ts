import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { hashToken, newToken } from '../identity/secrets.js';
import { calendarIcs } from './calendar-ics.js';
import { CALENDAR_SOURCES, type CalendarSource } from './calendar-source.js';
import { CalendarFeedsRepository, type FeedState } from './calendar-feeds.repository.js';

/** A token as newToken makes it: 32 random bytes in base64url. Anything else is looked up no further. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const MINUTE_MS = 60_000;

/** A person's private calendar feed: make it, stop it, and serve it to their calendar app by its token. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly feeds: CalendarFeedsRepository,
    @Inject(CALENDAR_SOURCES) private readonly sources: CalendarSource[],
    private readonly config: AppConfig,
  ) {}

  state(accountId: number): Promise<FeedState | undefined> {
    return this.feeds.ofAccount(accountId);
  }

  /** A new link, replacing any earlier one; the URL is returned this once (only its hash is kept). */
  async make(accountId: number): Promise<{ url: string }> {
    const token = newToken();
    await this.feeds.replace(accountId, hashToken(token), new Date());
    return { url: `${this.config.publicUrl}/calendar/${token}.ics` };
  }

  stop(accountId: number): Promise<boolean> {
    return this.feeds.remove(accountId);
  }

  /** The calendar behind a token, or null for a token that is unknown, replaced or stopped. */
  async feed(token: string): Promise<string | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const feed = await this.feeds.byTokenHash(hashToken(token));
    if (!feed) return null;
    const now = new Date();
    await this.feeds.markRead(feed.id, now, new Date(now.getTime() - MINUTE_MS));
    const items = (await Promise.all(this.sources.map((source) => source.itemsFor(feed.accountId)))).flat();
    return calendarIcs({ name: `${this.config.districtName} training`, stamp: now }, items);
  }
}
