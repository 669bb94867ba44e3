/** Why a body's headers say it cannot be read as JSON; null when they are fine. */
export function unreadableBodyHeaders(headers: {
  'content-type'?: string | undefined;
  'content-encoding'?: string | undefined;
}): string | null {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    return `Unsupported Content-Encoding '${printable(encoding)}': request bodies are read uncompressed.`;
  }
  const type = headers['content-type'];
  if (type === undefined || type.trim() === '') {
    return 'A request body needs the Content-Type application/json.';
  }
  const [essence, ...parameters] = type.split(';');
  if (essence.trim().toLowerCase() !== 'application/json') {
    return `Unsupported Content-Type '${printable(type)}': a request body must be application/json.`;
  }
  for (const parameter of parameters) {
    const eq = parameter.indexOf('=');
    if (eq === -1 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return `Unsupported charset '${printable(charset)}': a JSON body is UTF-8.`;
    }
  }
  return null;
}

/** Header text echoed in a message: bounded and without control characters. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}
