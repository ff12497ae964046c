package io.shardjdbc.directory.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The directory service under clients that connect and do not finish their requests: they hold
 * connections, not request threads, so a normal client is answered while they wait; they are
 * closed after the read timeout; one address cannot hold more than its share; a header trickled
 * byte by byte is cut at the deadline. The slow clients connect from 127.0.0.2 (another loopback
 * address), the normal client from 127.0.0.1.
 */
class SlowClientsTest {
    private static final String TOKEN = "slow-clients-token";
    private static final String PARTIAL_HEADER = "GET /v1/topology/version HTTP/1.1\r\nHost: directory\r\nAuthorization: Bearer ";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private JdbcMetadataStore store;
    private DirectoryServer server;

    @BeforeEach
    void openStore() throws SQLException {
        Db db = TestDatabases.h2("slow_clients");
        store = JdbcMetadataStore.open(db.url(), db.user(), db.password());
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        if (server != null) server.close();
        store.close();
    }

    @Test
    void twoHundredPartialHeadersDoNotBlockANormalClientAndAreClosedAfterTheReadTimeout() throws Exception {
        server = DirectoryServer.start(loopback(), store, TOKEN, new DirectoryServer.Limits(4, Duration.ofSeconds(10), 512, 256));
        for (int i = 0; i < 200; i++) sockets.add(slowClient());

        assertThat(normalRequest()).isEqualTo(200);
        assertThat(closed(sockets)).as("the slow clients were still held while the normal one was answered").isZero();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Socket s : sockets) assertThat(awaitClose(s, deadline)).as("closed after the read timeout").isTrue();
        assertThat(normalRequest()).isEqualTo(200);
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfConnections() throws Exception {
        server = DirectoryServer.start(loopback(), store, TOKEN, new DirectoryServer.Limits(4, Duration.ofSeconds(60), 512, 8));
        for (int i = 0; i < 20; i++) sockets.add(slowClient());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (closed(sockets) < 12 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(closed(sockets)).as("the connections beyond 8 from 127.0.0.2 were closed at once").isEqualTo(12);
        assertThat(normalRequest()).as("another address is served").isEqualTo(200);
    }

    @Test
    void aHeaderTrickledByteByByteIsCutAtTheDeadline() throws Exception {
        server = DirectoryServer.start(loopback(), store, TOKEN, new DirectoryServer.Limits(4, Duration.ofSeconds(2), 512, 8));
        Socket s = slowClient();
        sockets.add(s);
        // one more header byte every 100 ms keeps the connection from ever being idle for the 2 s timeout
        byte[] header = ("X-Padding: " + "x".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            trickle.scheduleAtFixedRate(() -> {
                try {
                    s.getOutputStream().write(header[sent.getAndIncrement() % header.length]);
                } catch (IOException closedByServer) {
                    throw new IllegalStateException(closedByServer); // ends the schedule
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            assertThat(awaitClose(s, System.nanoTime() + TimeUnit.SECONDS.toNanos(60))).isTrue();
        } finally {
            trickle.shutdownNow();
        }
        assertThat(sent.get()).as("cut long before the header was complete").isLessThan(header.length);
    }

    @Test
    void theCommandLineListensOnThisHostOnlyUnlessToldOtherwise() {
        CommandLine cl = new CommandLine(new DirectoryServer());
        assertThat(cl.getCommandSpec().findOption("--bind").defaultValue()).isEqualTo("127.0.0.1");
        assertThat(cl.getCommandSpec().findOption("--read-timeout")).isNotNull();
        assertThat(cl.getCommandSpec().findOption("--max-connections-per-client")).isNotNull();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /** A client at 127.0.0.2 that sends the start of a request header and stops. */
    private Socket slowClient() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
        s.getOutputStream().write(PARTIAL_HEADER.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private int normalRequest() throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/topology/version"))
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** How many of the sockets the server has closed by now (without waiting). */
    private static int closed(List<Socket> sockets) throws IOException {
        int n = 0;
        for (Socket s : sockets) {
            if (awaitClose(s, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1))) n++;
        }
        return n;
    }

    /**
     * Reads until the server closes the socket (true) or the deadline passes (false); a close is
     * remembered, so asking again answers at once.
     */
    private static boolean awaitClose(Socket s, long deadlineNanos) throws IOException {
        if (s.isInputShutdown()) return true;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[512];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            s.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buf) < 0) {
                    s.shutdownInput();
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                s.shutdownInput();
                return true;
            }
        }
    }
}
