package io.shardjdbc.directory.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStoreContract;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import io.shardjdbc.metadata.MetadataStore;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client store passes the same behavioural contract as the JDBC store, through a real
 * directory service backed by the JDBC store on PostgreSQL; plus how it reports a service it
 * cannot reach or that refuses its token.
 */
class HttpStoreTest extends MetadataStoreContract {
    private static final String TOKEN = "contract-token";
    private JdbcMetadataStore backing;
    private DirectoryServer server;
    private MetadataStore client;

    @BeforeAll
    void startService() throws Exception {
        Db db = TestDatabases.postgres("http_store");
        backing = JdbcMetadataStore.open(db.url(), db.user(), db.password());
        server = DirectoryServer.start(new InetSocketAddress("127.0.0.1", 0), backing, TOKEN, 16);
        client = MetadataStores.open(new MetadataSpec("http://127.0.0.1:" + server.port(), TOKEN));
    }

    @AfterAll
    void stopService() throws SQLException {
        if (client != null) client.close();
        if (server != null) server.close();
        if (backing != null) backing.close();
    }

    @Override
    protected MetadataStore store() { return client; }

    @Test
    void aRefusedTokenIs28000() throws SQLException {
        try (MetadataStore wrong = MetadataStores.open(new MetadataSpec("http://127.0.0.1:" + server.port(), "not-it"))) {
            assertThatThrownBy(wrong::version)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
                    .hasMessageContaining("HTTP 401");
        }
    }

    @Test
    void anUnreachableServiceIs08001() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free once closed: nothing listens there
        }
        try (MetadataStore gone = MetadataStores.open(new MetadataSpec("http://127.0.0.1:" + closedPort, TOKEN))) {
            assertThatThrownBy(() -> gone.lookup("tenants", List.of("a")))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                    .hasMessageContaining("unreachable").hasMessageContaining("tenants");
        }
    }

    @Test
    void theServiceNeedsATokenInTheConfig() {
        assertThatThrownBy(() -> MetadataStores.open(new MetadataSpec("http://127.0.0.1:" + server.port(), null)))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
                .hasMessageContaining("metadata.token");
    }
}
