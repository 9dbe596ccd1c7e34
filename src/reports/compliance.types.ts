import type { GroupBy } from './dto/compliance-query.dto.js';
import type { GroupCounts, StatusCounts } from './reports.repository.js';

/** The compliance report's shape, shared by the service that makes it and the PDF that prints it. */
export interface ComplianceGroup extends GroupCounts {
  /** completed ÷ (assigned − exempt), 0–1; null when nobody in the group has to do it. */
  completionRate: number | null;
}

export interface ComplianceReport {
  asOf: string;
  groupBy: GroupBy;
  filters: { courseId: string | null; edition: string | null; site: string | null; role: string | null };
  editions: { courseId: string; edition: string; title: string; dueDate: string }[];
  totals: StatusCounts & { completionRate: number | null };
  groups: ComplianceGroup[];
}
