// Message templates: `{name}` placeholders filled from a report's data. Unknown placeholders stay visible.
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole));
}
