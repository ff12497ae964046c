package io.shardjdbc.directory.http;

import com.sun.net.httpserver.HttpServer;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.topology.MetadataStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The directory HTTP service: the metadata store's operations as JSON over HTTP for drivers and
 * tools that should not hold database credentials of the store (see {@link DirectoryHandler} for
 * the endpoints). Runs on the JDK's HTTP server. Start it with
 * <pre>
 * SJDBC_DIRECTORY_TOKEN=... java -cp ... io.shardjdbc.directory.http.DirectoryServer \
 *     --port 8470 --store-url jdbc:postgresql://db:5432/meta --store-user app
 * </pre>
 * Every option can come from the environment instead (names in {@code --help}).
 */
@Command(name = "directory-server", mixinStandardHelpOptions = true,
        description = "Serves the shard-jdbc metadata store (directory lookups, assignment, topology) as JSON over HTTP.")
public final class DirectoryServer implements AutoCloseable, Callable<Integer> {
    static {
        // the JDK server writes a response's headers and body separately; with Nagle's algorithm
        // on, the body then waits for the client's delayed ACK (~40 ms a request). Read once, when
        // the JDK's server configuration first loads, so it is set before any server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @Option(names = "--port", defaultValue = "${env:SJDBC_DIRECTORY_PORT:-8470}",
            description = "TCP port (env SJDBC_DIRECTORY_PORT, default ${DEFAULT-VALUE}; 0 picks a free one)")
    private int port;

    @Option(names = "--bind", defaultValue = "${env:SJDBC_DIRECTORY_BIND:-0.0.0.0}",
            description = "address to listen on (env SJDBC_DIRECTORY_BIND, default ${DEFAULT-VALUE})")
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

    private HttpServer server;
    private ExecutorService executor;
    private MetadataStore ownedStore;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** For picocli: options are filled in from the command line and the environment. */
    public DirectoryServer() { }

    private DirectoryServer(HttpServer server, ExecutorService executor, MetadataStore ownedStore) {
        this.server = server;
        this.executor = executor;
        this.ownedStore = ownedStore;
    }

    /**
     * Starts serving {@code store} on {@code address} (port 0 picks a free port) with the given
     * bearer token. The store stays the caller's to close.
     */
    public static DirectoryServer start(InetSocketAddress address, MetadataStore store, String token, int threads)
            throws IOException {
        return start(address, store, token, threads, null);
    }

    private static DirectoryServer start(InetSocketAddress address, MetadataStore store, String token, int threads,
                                         MetadataStore owned) throws IOException {
        BearerToken bearer = new BearerToken(token);
        HttpServer http = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "directory-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", new DirectoryHandler(store, bearer));
        http.start();
        return new DirectoryServer(http, executor, owned);
    }

    /** The port the server listens on. */
    public int port() { return server.getAddress().getPort(); }

    /** Stops accepting requests, lets running ones finish, and closes the store if the server opened it. */
    @Override
    public void close() throws SQLException {
        if (server == null) return;
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedStore != null) ownedStore.close();
        stopped.countDown();
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
            running = start(new InetSocketAddress(bind, port), store, token, threads, store);
        } catch (IOException e) {
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
