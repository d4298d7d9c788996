// A local stand-in for the OpenAI API's model endpoint, used by the end-to-end tests: GET /v1/models answers
// like OpenAI does (the list for the accepted key, the real 401 error body otherwise). It runs no model.
// Usage: PORT=18083 OPENAI_FAKE_KEY=sk-... node infra/fakes/openai-models.mjs
import http from 'node:http';

const port = Number(process.env.PORT ?? 18083);
const goodKey = process.env.OPENAI_FAKE_KEY ?? 'sk-e2e-good-key-000000000000';
const models = ['gpt-4o-mini', 'gpt-4o'].map((id) => ({ id, object: 'model', created: 1715367049, owned_by: 'system' }));

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'GET' || req.url !== '/v1/models') {
    send(404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
    return;
  }
  if (req.headers.authorization !== `Bearer ${goodKey}`) {
    send(401, { error: { message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    return;
  }
  send(200, { object: 'list', data: models });
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
