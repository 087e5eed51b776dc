// A web-service call as a client sends it to the simulator: the admin's token (or the one given),
// JSON answers, and the rest of the form as written.

import { ENDPOINT } from '../../../simulator/server.mjs';

/** POSTs `wstoken=…&moodlewsrestformat=json&<body>` to the simulator's REST endpoint; the fetch Response. */
export function post(sim, body, token = sim.tokens.admin) {
  return fetch(`${sim.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `wstoken=${token}&moodlewsrestformat=json&${body}`,
  });
}
