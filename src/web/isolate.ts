/**
 * Isolates a person's or site's name inside text that cannot hold a `<bdi>` element (a page title, a
 * select's option, a sentence built in code): between FSI and PDI, a right-to-left override in the name
 * cannot reorder the text around it. In markup, templates use `<bdi>` instead.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
