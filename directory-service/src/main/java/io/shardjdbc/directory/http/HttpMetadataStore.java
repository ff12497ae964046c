package io.shardjdbc.directory.http;

import com.fasterxml.jackson.core.JacksonException;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The metadata store seen through the directory HTTP service ({@code metadata: {url: http://...,
 * token: ...}}), with the JDK's HTTP client. Each method is one request. Failures become
 * SQLExceptions: 08001 when the service cannot be reached, 08006 when a request breaks off,
 * 28000 when the token is refused, and otherwise the SQLState the service reports (40001 for a
 * version conflict, 22xxx for bad input).
 */
public final class HttpMetadataStore implements MetadataStore {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String shown;
    private final String authorization;
    private final HttpClient client;

    /** A client of the service at {@code base} (e.g. {@code http://dir:8470}) with its bearer token. */
    public HttpMetadataStore(URI base, String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the directory service needs a token (metadata.token)");
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.shown = Redact.url(this.base.toString());
        this.authorization = "Bearer " + token;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public long version() throws SQLException {
        return send(get("v1/topology/version"), Wire.Version.class, "reading the topology version").version();
    }

    @Override
    public PlacementState placement() throws SQLException {
        HttpResponse<byte[]> r = exchange(get("v1/topology"), "reading the placement");
        if (r.statusCode() == 404 && "02000".equals(error(r).sqlState())) return null; // none published yet
        return decode(r, PlacementState.class, "reading the placement");
    }

    @Override
    public long publish(PlacementState next, long expectedVersion) throws SQLException {
        return send(post("v1/topology", new Wire.Publish(expectedVersion, next)), Wire.Version.class,
                "publishing at version " + expectedVersion).version();
    }

    @Override
    public Map<String, String> lookup(String directory, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) return Map.of();
        Wire.Lookup body = new Wire.Lookup(new ArrayList<>(new LinkedHashSet<>(keys)));
        return send(post(dir(directory) + "/lookup", body), Wire.Shards.class,
                "looking up " + keys.size() + " keys of directory " + directory).shards();
    }

    @Override
    public String assign(String directory, String key, String shard) throws SQLException {
        return send(post(dir(directory) + "/assign", new Wire.Assign(key, shard)), Wire.Entry.class,
                "assigning key " + key + " of directory " + directory).shard();
    }

    @Override
    public Map<String, Long> keysPerShard(String directory) throws SQLException {
        return send(get(dir(directory) + "/counts"), Wire.Counts.class, "counting the keys of directory " + directory).counts();
    }

    /** Nothing to release: the JDK client's connections close when idle. */
    @Override
    public void close() { }

    @Override
    public String toString() { return "HttpMetadataStore[" + shown + "]"; }

    private static String dir(String directory) {
        return "v1/directories/" + segment(directory);
    }

    /** A path segment, percent-encoded (URLEncoder's '+' for space would be a plus sign in a path). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, Object body) throws SQLException {
        try {
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(body))).build();
        } catch (JacksonException e) {
            throw new SQLException("directory service " + shown + ": cannot write the request: " + e.getOriginalMessage(), "22023", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private <T> T send(HttpRequest request, Class<T> type, String doing) throws SQLException {
        return decode(exchange(request, doing), type, doing);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, String doing) throws SQLException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new SQLException("directory service " + shown + " is unreachable while " + doing + ": " + e, "08001", e);
        } catch (IOException e) {
            throw new SQLException("directory service " + shown + ": the connection failed while " + doing + ": " + e, "08006", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("directory service " + shown + ": interrupted while " + doing, "08006", e);
        }
    }

    private <T> T decode(HttpResponse<byte[]> r, Class<T> type, String doing) throws SQLException {
        if (r.statusCode() == 200) {
            try {
                return Wire.JSON.readValue(r.body(), type);
            } catch (IOException e) {
                throw new SQLException("directory service " + shown + " answered " + doing + " with a body that is not the "
                        + "expected JSON: " + e.getMessage(), "08P01", e);
            }
        }
        Wire.Error error = error(r);
        String state = r.statusCode() == 401 ? "28000" : error.sqlState() != null ? error.sqlState() : fallbackState(r.statusCode());
        throw new SQLException("directory service " + shown + " refused " + doing + " (HTTP " + r.statusCode() + "): "
                + error.error(), state);
    }

    private static Wire.Error error(HttpResponse<byte[]> r) {
        try {
            Wire.Error e = Wire.JSON.readValue(r.body(), Wire.Error.class);
            return e != null ? e : new Wire.Error("(no error body)", null);
        } catch (IOException e) {
            return new Wire.Error(new String(r.body(), StandardCharsets.UTF_8), null);
        }
    }

    private static String fallbackState(int status) {
        if (status == 409) return "40001";
        if (status == 400) return "22023";
        if (status >= 500) return "08006";
        return "HY000";
    }
}
