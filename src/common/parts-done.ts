import { Global, Injectable, Logger, Module } from '@nestjs/common';

type Listener = (staffIds: number[]) => Promise<void>;

/**
 * Says that people finished a part of their training (a course, a session attended), once it is
 * committed, to whatever builds on it: a program completes when its last part is done. The part is
 * done whatever a listener does, so a listener's failure is logged, never the caller's.
 */
@Injectable()
export class PartsDone {
  private readonly logger = new Logger('PartsDone');
  private readonly listeners: Listener[] = [];

  listen(listener: Listener): void {
    this.listeners.push(listener);
  }

  async tell(staffIds: number[]): Promise<void> {
    if (staffIds.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener(staffIds);
      } catch (error) {
        this.logger.warn(`After a finished part: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

@Global()
@Module({ providers: [PartsDone], exports: [PartsDone] })
export class PartsDoneModule {}
