package io.shardjdbc.directory.http;

import com.fasterxml.jackson.core.JacksonException;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the directory service's endpoints (all JSON, all behind the bearer token) from a
 * {@link MetadataStore}:
 * <pre>
 * GET  /v1/topology/version                  {"version": n}
 * GET  /v1/topology                          the placement state; 404 before the first publish
 * POST /v1/topology                          {"expectedVersion": n, "placement": {...}} → {"version": n+1}; 409 on conflict
 * GET  /v1/directories/{dir}/keys/{key}      {"directory", "key", "shard"}; 404 for an unknown key
 * POST /v1/directories/{dir}/lookup          {"keys": [...]} → {"shards": {key: shard}}, unknown keys absent
 * POST /v1/directories/{dir}/assign          {"key", "shard"} → the entry with the key's owner; 400 for a shard
 *                                            the published topology does not list
 * GET  /v1/directories/{dir}/counts          {"counts": {shard: keys}}
 * </pre>
 * Path segments are percent-encoded UTF-8. Errors are {@code {"error", "sqlState"}}: 401 without
 * the token, 400 for malformed input, 404, 405, 409 for a version conflict, 503 when the store's
 * database is unreachable.
 */
final class DirectoryHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryHandler.class);
    /** Larger bodies are refused (413): a placement of thousands of buckets is far below this. */
    static final int MAX_BODY_BYTES = 8 << 20;

    private final MetadataStore store;
    private final BearerToken token;

    DirectoryHandler(MetadataStore store, BearerToken token) {
        this.store = store;
        this.token = token;
    }

    /** Answers one request on a request thread (the store's calls block); every request gets a JSON answer. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        Exchange ex = new Exchange(request, response, callback);
        try {
            if (!token.accepts(request.getHeaders().get("Authorization"))) {
                response.getHeaders().put("WWW-Authenticate", "Bearer realm=\"shard-jdbc directory\"");
                send(ex, 401, new Wire.Error("missing or wrong bearer token", "28000"));
                return true;
            }
            route(ex);
        } catch (HttpError e) {
            send(ex, e.status, new Wire.Error(e.getMessage(), e.sqlState));
        } catch (JacksonException e) {
            send(ex, 400, new Wire.Error("malformed JSON body: " + e.getOriginalMessage(), "22023"));
        } catch (SQLException e) {
            send(ex, status(e), new Wire.Error(e.getMessage(), e.getSQLState()));
        } catch (RuntimeException e) {
            LOG.error("directory service: {} {} failed", request.getMethod(), ex.rawPath(), e);
            send(ex, 500, new Wire.Error("internal error: " + e, "HY000"));
        }
        return true;
    }

    /** One request and where its answer goes. */
    private record Exchange(Request request, Response response, Callback callback) {
        String rawPath() { return request.getHttpURI().getPath(); }

        String method() { return request.getMethod(); }
    }

    private void route(Exchange ex) throws IOException, SQLException {
        List<String> path = segments(ex.rawPath());
        String method = ex.method();
        if (path.size() < 2 || !path.get(0).equals("v1")) throw notFound(ex);
        if (path.get(1).equals("topology")) {
            if (path.size() == 3 && path.get(2).equals("version")) {
                allow(method, "GET");
                send(ex, 200, new Wire.Version(store.version()));
            } else if (path.size() == 2 && method.equals("GET")) {
                PlacementState state = store.placement();
                if (state == null) throw new HttpError(404, "no topology has been published yet", "02000");
                send(ex, 200, state);
            } else if (path.size() == 2) {
                allow(method, "POST");
                Wire.Publish p = body(ex, Wire.Publish.class);
                if (p.placement() == null) throw badRequest("the body has no placement");
                send(ex, 200, new Wire.Version(store.publish(p.placement(), p.expectedVersion())));
            } else {
                throw notFound(ex);
            }
            return;
        }
        if (!path.get(1).equals("directories") || path.size() < 4) throw notFound(ex);
        String directory = path.get(2);
        switch (path.get(3)) {
            case "keys" -> {
                if (path.size() != 5) throw notFound(ex);
                allow(method, "GET");
                String key = path.get(4);
                String shard = store.lookup(directory, List.of(key)).get(key);
                if (shard == null) throw new HttpError(404, "key " + key + " of directory " + directory + " has no shard", "02000");
                send(ex, 200, new Wire.Entry(directory, key, shard));
            }
            case "lookup" -> {
                if (path.size() != 4) throw notFound(ex);
                allow(method, "POST");
                Wire.Lookup l = body(ex, Wire.Lookup.class);
                if (l.keys() == null || l.keys().contains(null)) throw badRequest("keys must be an array of strings");
                send(ex, 200, new Wire.Shards(store.lookup(directory, l.keys())));
            }
            case "assign" -> {
                if (path.size() != 4) throw notFound(ex);
                allow(method, "POST");
                Wire.Assign a = body(ex, Wire.Assign.class);
                if (a.key() == null || a.shard() == null) throw badRequest("assign needs a key and a shard");
                send(ex, 200, new Wire.Entry(directory, a.key(), store.assign(directory, a.key(), a.shard())));
            }
            case "counts" -> {
                if (path.size() != 4) throw notFound(ex);
                allow(method, "GET");
                send(ex, 200, new Wire.Counts(store.keysPerShard(directory)));
            }
            default -> throw notFound(ex);
        }
    }

    /** The decoded segments of a raw path; '+' is a plus sign in a path, not a space. */
    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (s.isEmpty()) continue;
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw badRequest("malformed percent-encoding in the path: " + s);
            }
        }
        return out;
    }

    private static <T> T body(Exchange ex, Class<T> type) throws IOException {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(ex.request())) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) throw new HttpError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes", "54000");
        if (bytes.length == 0) throw badRequest("the request needs a JSON body");
        T value = Wire.JSON.readValue(bytes, type);
        if (value == null) throw badRequest("the JSON body is null");
        return value;
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) throw new HttpError(405, "use " + allowed + " here, not " + method, "42000");
    }

    private static HttpError notFound(Exchange ex) {
        return new HttpError(404, "no such endpoint: " + ex.method() + " " + ex.rawPath(), "42000");
    }

    private static HttpError badRequest(String message) {
        return new HttpError(400, message, "22023");
    }

    /** The HTTP status of a store error, by SQLState class. */
    static int status(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("40001")) return 409;
        if (state.startsWith("22") || state.startsWith("23")) return 400;
        if (state.startsWith("08")) return 503;
        return 500;
    }

    private static void send(Exchange ex, int status, Object body) throws IOException {
        byte[] bytes = Wire.JSON.writeValueAsBytes(body);
        Response response = ex.response();
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
        response.getHeaders().put("Content-Length", bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), ex.callback());
    }

    /** A request the handler answers with an error status. */
    private static final class HttpError extends RuntimeException {
        final int status;
        final String sqlState;

        HttpError(int status, String message, String sqlState) {
            super(message, null, false, false);
            this.status = status;
            this.sqlState = sqlState;
        }
    }
}
