package io.shardjdbc.directory.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardjdbc.directory.MetadataStoreContract;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * Every endpoint of the directory service with real HTTP requests (JDK HttpClient) against a
 * service backed by the JDBC store on H2: answers, and the 401, 400, 404, 405 and 409 errors with
 * their JSON bodies. The first test runs before anything is published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryServerTest {
    private static final String TOKEN = "s3cret-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcMetadataStore store;
    private DirectoryServer server;

    @BeforeAll
    void start() throws Exception {
        Db db = TestDatabases.h2("http_endpoints");
        store = JdbcMetadataStore.open(db.url(), db.user(), db.password());
        server = DirectoryServer.start(new InetSocketAddress("127.0.0.1", 0), store, TOKEN, 4);
    }

    @AfterAll
    void stop() throws SQLException {
        server.close();
        store.close();
    }

    @Test
    @Order(1)
    void beforeAnyPublishTheVersionIsZeroAndTheTopologyIs404() throws Exception {
        Reply v = get("/v1/topology/version", TOKEN);
        assertThat(v.status).isEqualTo(200);
        assertThat(v.json.get("version").asLong()).isZero();
        Reply t = get("/v1/topology", TOKEN);
        assertThat(t.status).isEqualTo(404);
        assertThat(t.json.get("error").asText()).contains("no topology");
        assertThat(t.json.get("sqlState").asText()).isEqualTo("02000");
    }

    @Test
    @Order(2)
    void publishThenReadTheTopologyAndItsVersion() throws Exception {
        String placement = Wire.JSON.writeValueAsString(MetadataStoreContract.sample("s0"));
        Reply p = post("/v1/topology", "{\"expectedVersion\": 0, \"placement\": " + placement + "}", TOKEN);
        assertThat(p.status).isEqualTo(200);
        assertThat(p.json.get("version").asLong()).isEqualTo(1);
        Reply t = get("/v1/topology", TOKEN);
        assertThat(t.status).isEqualTo(200);
        assertThat(t.json.get("version").asLong()).isEqualTo(1);
        assertThat(t.json.at("/shards/0/name").asText()).isEqualTo("s0");
        assertThat(t.json.at("/groups/orders/buckets").size()).isEqualTo(16);
        assertThat(t.json.at("/groups/customers/regions/eu/countries/0").asText()).isEqualTo("DE");
        assertThat(t.json.at("/groups/events/ranges/2/below").isNull()).isTrue();
        assertThat(get("/v1/topology/version", TOKEN).json.get("version").asLong()).isEqualTo(1);

        Reply conflict = post("/v1/topology", "{\"expectedVersion\": 0, \"placement\": " + placement + "}", TOKEN);
        assertThat(conflict.status).isEqualTo(409);
        assertThat(conflict.json.get("sqlState").asText()).isEqualTo("40001");
        assertThat(conflict.json.get("error").asText()).contains("expected version 0").contains("version 1");
    }

    @Test
    void assignThenLookUpOneKeyAndMany() throws Exception {
        Reply a = post("/v1/directories/tenants/assign", "{\"key\": \"acme corp/1\", \"shard\": \"s1\"}", TOKEN);
        assertThat(a.status).isEqualTo(200);
        assertThat(a.json.get("shard").asText()).isEqualTo("s1");
        Reply again = post("/v1/directories/tenants/assign", "{\"key\": \"acme corp/1\", \"shard\": \"s2\"}", TOKEN);
        assertThat(again.json.get("shard").asText()).isEqualTo("s1"); // the first owner stays

        Reply one = get("/v1/directories/tenants/keys/" + HttpMetadataStore.segment("acme corp/1"), TOKEN);
        assertThat(one.status).isEqualTo(200);
        assertThat(one.json.get("directory").asText()).isEqualTo("tenants");
        assertThat(one.json.get("key").asText()).isEqualTo("acme corp/1");
        assertThat(one.json.get("shard").asText()).isEqualTo("s1");

        Reply many = post("/v1/directories/tenants/lookup", "{\"keys\": [\"acme corp/1\", \"nobody\"]}", TOKEN);
        assertThat(many.status).isEqualTo(200);
        assertThat(many.json.get("shards").size()).isEqualTo(1);
        assertThat(many.json.get("shards").get("acme corp/1").asText()).isEqualTo("s1");

        Reply counts = get("/v1/directories/tenants/counts", TOKEN);
        assertThat(counts.status).isEqualTo(200);
        assertThat(counts.json.get("counts").get("s1").asLong()).isEqualTo(1);
    }

    @Test
    void anAssignmentToAShardTheTopologyDoesNotListIs400With23503() throws Exception {
        Reply r = post("/v1/directories/tenants/assign", "{\"key\": \"nowhere\", \"shard\": \"s9\"}", TOKEN);
        assertThat(r.status).isEqualTo(400);
        assertThat(r.json.get("sqlState").asText()).isEqualTo("23503");
        assertThat(r.json.get("error").asText()).contains("s9").contains("no such shard");
        assertThat(get("/v1/directories/tenants/keys/nowhere", TOKEN).status).isEqualTo(404);
    }

    @Test
    void anUnknownKeyIs404WithAJsonError() throws Exception {
        Reply r = get("/v1/directories/tenants/keys/nobody-here", TOKEN);
        assertThat(r.status).isEqualTo(404);
        assertThat(r.contentType).startsWith("application/json");
        assertThat(r.json.get("error").asText()).contains("nobody-here").contains("tenants");
    }

    @Test
    void everyEndpointNeedsTheToken() throws Exception {
        for (String path : new String[] {"/v1/topology/version", "/v1/topology", "/v1/directories/t/keys/k", "/v1/directories/t/counts", "/nowhere"}) {
            Reply none = get(path, null);
            assertThat(none.status).as(path).isEqualTo(401);
            assertThat(none.json.get("sqlState").asText()).isEqualTo("28000");
            assertThat(get(path, "wrong-token").status).as(path).isEqualTo(401);
            assertThat(get(path, TOKEN + "x").status).as(path).isEqualTo(401);
        }
        HttpRequest basic = HttpRequest.newBuilder(uri("/v1/topology/version")).header("Authorization", "Basic " + TOKEN).GET().build();
        assertThat(http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        Reply assign = post("/v1/directories/tenants/assign", "{\"key\": \"k\", \"shard\": \"s1\"}", "wrong");
        assertThat(assign.status).isEqualTo(401);
        assertThat(store.lookup("tenants", java.util.List.of("k"))).isEmpty(); // nothing was written
    }

    @Test
    void malformedInputIs400WithAJsonError() throws Exception {
        String[][] cases = {
                {"/v1/directories/tenants/lookup", "{\"keys\": [\"a\""},         // truncated JSON
                {"/v1/directories/tenants/lookup", "{\"keys\": \"a\"}"},          // not an array
                {"/v1/directories/tenants/lookup", "{\"kees\": [\"a\"]}"},        // unknown field
                {"/v1/directories/tenants/lookup", "{\"keys\": [\"a\", null]}"},  // a null key
                {"/v1/directories/tenants/lookup", "{}"},                         // no keys
                {"/v1/directories/tenants/lookup", ""},                           // no body
                {"/v1/directories/tenants/assign", "{\"key\": \"a\"}"},           // no shard
                {"/v1/directories/tenants/assign", "[1, 2]"},                     // not an object
                {"/v1/directories/tenants/assign", "{\"key\": \"" + "k".repeat(600) + "\", \"shard\": \"s1\"}"}, // too long
                {"/v1/topology", "{\"expectedVersion\": \"one\", \"placement\": null}"},
                {"/v1/topology", "{\"placement\": {\"version\": 0, \"shards\": [], \"groups\": {}}}"}, // no expectedVersion
                {"/v1/topology", "{\"expectedVersion\": 1, \"placement\": {\"version\": 0, \"shards\": [], \"groups\": {}}}"}, // no shards
        };
        for (String[] c : cases) {
            Reply r = post(c[0], c[1], TOKEN);
            assertThat(r.status).as(c[1]).isEqualTo(400);
            assertThat(r.contentType).startsWith("application/json");
            assertThat(r.json.get("error").asText()).as(c[1]).isNotBlank();
            assertThat(r.json.get("sqlState").asText()).as(c[1]).startsWith("22");
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(get("/v2/topology", TOKEN).status).isEqualTo(404);
        assertThat(get("/v1/directories/tenants/everything", TOKEN).status).isEqualTo(404);
        assertThat(get("/v1/directories/tenants/keys/a/b", TOKEN).status).isEqualTo(404);
        Reply wrong = get("/v1/directories/tenants/assign", TOKEN);
        assertThat(wrong.status).isEqualTo(405);
        assertThat(wrong.json.get("error").asText()).contains("POST");
        assertThat(post("/v1/topology/version", "{}", TOKEN).status).isEqualTo(405);
    }

    @Test
    void theCommandLineRefusesToStartWithoutAToken() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new DirectoryServer()).execute("--port", "0", "--store-url", "jdbc:h2:mem:unused",
                    "--token-file", "/nonexistent/sjdbc-token");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sjdbc-token");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private Reply get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return reply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Reply post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return reply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> r) throws IOException {
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), JSON.readTree(r.body()));
    }

    private record Reply(int status, String contentType, JsonNode json) { }
}
