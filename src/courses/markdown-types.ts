import type MarkdownIt from 'markdown-it';

/** The instance type of markdown-it (its default export is both a class and a factory). */
export type MarkdownItType = InstanceType<typeof MarkdownIt>;
