package io.shardjdbc.directory.http;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.metadata.MetadataStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The directory HTTP service: the metadata store's operations as JSON over HTTP for drivers and
 * tools that should not hold database credentials of the store (see {@link DirectoryHandler} for
 * the endpoints). Start it with
 * <pre>
 * SJDBC_DIRECTORY_TOKEN=... java -cp ... io.shardjdbc.directory.http.DirectoryServer \
 *     --port 8470 --store-url jdbc:postgresql://db:5432/meta --store-user app
 * </pre>
 * Every option can come from the environment instead (names in {@code --help}). It listens on
 * 127.0.0.1 unless {@code --bind} says otherwise.
 *
 * <p>It runs on Jetty rather than the JDK's HTTP server: the JDK server reads a request's header
 * on a request thread, so as many slow clients as it has threads stop it for everyone, and it has
 * no per-client bound. Jetty reads headers without holding a thread, closes connections idle
 * longer than the read timeout, and bounds all connections ({@link Limits}); {@link ClientLimits}
 * adds the bound per client address and the deadline for a first request's header.
 */
@Command(name = "directory-server", mixinStandardHelpOptions = true,
        description = "Serves the shard-jdbc metadata store (directory lookups, assignment, topology) as JSON over HTTP.")
public final class DirectoryServer implements AutoCloseable, Callable<Integer> {
    /**
     * How much of the service clients may hold.
     *
     * @param threads              request threads (each runs one store call at a time)
     * @param readTimeout          a connection silent this long is closed, and a new connection must send its
     *                             first request's header within it
     * @param maxConnections       open connections in all; beyond it the server stops accepting until one closes
     * @param maxConnectionsPerClient open connections from one client address; more are closed at once
     */
    public record Limits(int threads, Duration readTimeout, int maxConnections, int maxConnectionsPerClient) {
        public Limits {
            if (threads < 1 || maxConnections < 1 || maxConnectionsPerClient < 1 || readTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("directory server limits must be positive: " + threads + " threads, "
                        + readTimeout + ", " + maxConnections + " connections, " + maxConnectionsPerClient + " per client");
            }
        }

        /** 16 threads, 10 s read timeout, 512 connections, 64 per client. */
        public static Limits defaults() {
            return new Limits(16, Duration.ofSeconds(10), 512, 64);
        }

        /** These limits with another number of request threads. */
        public Limits withThreads(int n) {
            return new Limits(n, readTimeout, maxConnections, maxConnectionsPerClient);
        }
    }

    @Option(names = "--port", defaultValue = "${env:SJDBC_DIRECTORY_PORT:-8470}",
            description = "TCP port (env SJDBC_DIRECTORY_PORT, default ${DEFAULT-VALUE}; 0 picks a free one)")
    private int port;

    @Option(names = "--bind", defaultValue = "${env:SJDBC_DIRECTORY_BIND:-127.0.0.1}",
            description = "address to listen on (env SJDBC_DIRECTORY_BIND, default ${DEFAULT-VALUE}: this host only; "
                    + "0.0.0.0 for every interface)")
    private String bind;

    @Option(names = "--store-url", defaultValue = "${env:SJDBC_DIRECTORY_STORE_URL}",
            description = "JDBC URL of the metadata store's database (env SJDBC_DIRECTORY_STORE_URL)")
    private String storeUrl;

    @Option(names = "--store-user", defaultValue = "${env:SJDBC_DIRECTORY_STORE_USER}",
            description = "database user of the store, unless the URL carries it (env SJDBC_DIRECTORY_STORE_USER)")
    private String storeUser;

    @Option(names = "--store-password", defaultValue = "${env:SJDBC_DIRECTORY_STORE_PASSWORD}",
            description = "database password of the store (env SJDBC_DIRECTORY_STORE_PASSWORD)")
    private String storePassword;

    @Option(names = "--token-file", description = "file whose first line is the bearer token (instead of SJDBC_DIRECTORY_TOKEN)")
    private Path tokenFile;

    @Option(names = "--threads", defaultValue = "${env:SJDBC_DIRECTORY_THREADS:-16}",
            description = "request threads (env SJDBC_DIRECTORY_THREADS, default ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--read-timeout", defaultValue = "${env:SJDBC_DIRECTORY_READ_TIMEOUT:-10}", paramLabel = "SECONDS",
            description = "close a connection silent this long, or that has not sent its first request's header by "
                    + "then (env SJDBC_DIRECTORY_READ_TIMEOUT, default ${DEFAULT-VALUE})")
    private int readTimeoutSeconds;

    @Option(names = "--max-connections", defaultValue = "${env:SJDBC_DIRECTORY_MAX_CONNECTIONS:-512}",
            description = "open connections in all; beyond it new ones wait to be accepted "
                    + "(env SJDBC_DIRECTORY_MAX_CONNECTIONS, default ${DEFAULT-VALUE})")
    private int maxConnections;

    @Option(names = "--max-connections-per-client", defaultValue = "${env:SJDBC_DIRECTORY_MAX_CONNECTIONS_PER_CLIENT:-64}",
            description = "open connections from one client address; more are closed at once "
                    + "(env SJDBC_DIRECTORY_MAX_CONNECTIONS_PER_CLIENT, default ${DEFAULT-VALUE})")
    private int maxConnectionsPerClient;

    private Server server;
    private ServerConnector connector;
    private MetadataStore ownedStore;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** For picocli: options are filled in from the command line and the environment. */
    public DirectoryServer() { }

    private DirectoryServer(Server server, ServerConnector connector, MetadataStore ownedStore) {
        this.server = server;
        this.connector = connector;
        this.ownedStore = ownedStore;
    }

    /**
     * Starts serving {@code store} on {@code address} (port 0 picks a free port) with the given
     * bearer token, {@code threads} request threads and the default {@link Limits} otherwise. The
     * store stays the caller's to close.
     */
    public static DirectoryServer start(InetSocketAddress address, MetadataStore store, String token, int threads)
            throws IOException {
        return start(address, store, token, Limits.defaults().withThreads(threads));
    }

    /** Starts serving {@code store} on {@code address} within {@code limits}; the store stays the caller's to close. */
    public static DirectoryServer start(InetSocketAddress address, MetadataStore store, String token, Limits limits)
            throws IOException {
        return start(address, store, token, limits, null);
    }

    private static DirectoryServer start(InetSocketAddress address, MetadataStore store, String token, Limits limits,
                                         MetadataStore owned) throws IOException {
        BearerToken bearer = new BearerToken(token);
        // the acceptor and selector threads come out of the same pool as the request threads
        QueuedThreadPool pool = new QueuedThreadPool(limits.threads() + 4, 2);
        pool.setName("directory-http");
        pool.setDaemon(true);
        Server http = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        // keys are percent-encoded path segments and may hold '/', '%' or '..': the handler decodes
        // each segment itself and never maps a path to a file
        config.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(http, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.readTimeout().toMillis());
        connector.addBean(new ClientLimits(limits.maxConnectionsPerClient(), limits.readTimeout(), http.getScheduler()));
        http.addConnector(connector);
        http.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        http.setHandler(new DirectoryHandler(store, bearer));
        http.setStopTimeout(10_000); // running requests may finish
        try {
            http.start();
        } catch (Exception e) {
            stopQuietly(http);
            if (e instanceof IOException io) throw io;
            throw new IOException("the directory service cannot start on " + address + ": " + e.getMessage(), e);
        }
        return new DirectoryServer(http, connector, owned);
    }

    /** The port the server listens on. */
    public int port() { return connector.getLocalPort(); }

    /** Stops accepting requests, lets running ones finish, and closes the store if the server opened it. */
    @Override
    public void close() throws SQLException {
        if (server == null) return;
        stopQuietly(server);
        if (ownedStore != null) ownedStore.close();
        stopped.countDown();
    }

    private static void stopQuietly(Server http) {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping only fails when a component's stop fails; the sockets are closed by then
        }
    }

    /** Runs the command-line server until the process is stopped. */
    @Override
    public Integer call() throws Exception {
        String token = tokenFile != null ? firstLine(tokenFile) : System.getenv("SJDBC_DIRECTORY_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("directory-server: no token: set SJDBC_DIRECTORY_TOKEN or pass --token-file");
            return 2;
        }
        if (storeUrl == null || storeUrl.isBlank()) {
            System.err.println("directory-server: no store: pass --store-url or set SJDBC_DIRECTORY_STORE_URL");
            return 2;
        }
        MetadataStore store;
        try {
            store = MetadataStores.open(new MetadataSpec(storeUrl, null), storeUser, storePassword);
        } catch (SQLException e) {
            System.err.println("directory-server: cannot open the store: " + e.getMessage() + " [SQLState " + e.getSQLState() + "]");
            return 1;
        }
        DirectoryServer running;
        try {
            Limits limits = new Limits(threads, Duration.ofSeconds(readTimeoutSeconds), maxConnections, maxConnectionsPerClient);
            running = start(new InetSocketAddress(bind, port), store, token, limits, store);
        } catch (IOException | IllegalArgumentException e) {
            store.close();
            System.err.println("directory-server: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (SQLException e) {
                System.err.println("directory-server: closing the store failed: " + e.getMessage());
            }
        }, "directory-server-stop"));
        System.out.println("directory-server: listening on " + bind + ":" + running.port() + ", store " + Redact.url(storeUrl));
        running.stopped.await();
        return 0;
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
    }

    /** The command line: {@code --help} lists the options and their environment variables. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DirectoryServer()).execute(args));
    }
}
