import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Setting } from './setting.entity.js';

export const DEMO_SEEDED = 'demo_seeded_at';

/** Installation facts, cached in memory after the first read. */
@Injectable()
export class SettingsService {
  private cache?: Map<string, string>;

  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  async get(key: string): Promise<string | undefined> {
    if (!this.cache) {
      const rows = await this.settings.find();
      this.cache = new Map(rows.map((row) => [row.key, row.value]));
    }
    return this.cache.get(key);
  }

  async set(key: string, value: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(Setting) : this.settings).save({ key, value });
    this.cache?.set(key, value);
  }
}
