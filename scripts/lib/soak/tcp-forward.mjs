// A loopback TCP forwarder in front of the soak's Postgres, for `wrangler dev`'s local Hyperdrive.
// Miniflare's Hyperdrive proxy uses its database socket without an 'error' listener (miniflare
// dist/src/index.js, HyperdriveProxyController #handleConnection): when Postgres is down, ECONNREFUSED
// (or a write after the server's close: EPIPE) is an uncaught exception and the whole `wrangler dev` dies.
// Production Hyperdrive does not do that, so while Postgres is down this answers as a Postgres server that
// refuses connections does: no TLS ('N'), then FATAL 57P03; and a connection is never closed from this
// side first, the client closes it once it has read the server's last word.
import { connect, createServer } from "node:net";

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

export async function startTcpForward({ targetPort }) {
  const server = createServer((client) => {
    client.on("error", () => {});
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    upstream.on("connect", () => {
      client.pipe(upstream);
      // when Postgres hangs up (e.g. FATAL: too many connections), the client reads why and closes first
      upstream.pipe(client, { end: false });
    });
    upstream.on("error", () => refuse(client));
    // the client hung up: nothing more may reach it (miniflare would write it on to a closed socket)
    client.on("end", () => upstream.unpipe(client));
    client.on("close", () => upstream.destroy());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    close: () => {
      server.close();
    },
  };
}

/** Postgres unavailable, spoken as Postgres: the client reads the error and hangs up. */
function refuse(client) {
  client.unpipe();
  const answer = (chunk) => {
    if (chunk.length === 8 && chunk.equals(SSL_REQUEST)) client.write("N");
    else if (!client.refused) {
      client.refused = true;
      client.write(fatal("57P03", "the database system is not accepting connections"));
    }
  };
  client.on("data", answer);
}

function fatal(code, message) {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const head = Buffer.alloc(5);
  head.write("E");
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}
