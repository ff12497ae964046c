package io.shardjdbc.it;

import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.metadata.MetadataStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A fresh metadata store database on the test server ({@code <prefix>_0}), its JDBC URL with the
 * server's credentials in it (the form a config's {@code metadata.url} takes), and a client of it
 * that plays "another application instance" or an operator's tool.
 */
public final class MetadataFixture {
    /** The store's JDBC URL, credentials included. */
    public final String url;

    public MetadataFixture(TestServers.Server server, String prefix) throws SQLException {
        ShardDatabases db = ShardDatabases.create(server, prefix, 1);
        String base = db.urls().get(0);
        String password = server.password() == null ? "" : server.password();
        this.url = base + (base.contains("?") ? "&" : "?") + "user=" + URLEncoder.encode(server.user(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    /** The {@code metadata:} section for a config, with extra keys (e.g. {@code refresh-interval: 100ms}). */
    public String yaml(String extra) {
        return "metadata:\n  url: \"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n" + extra;
    }

    /** A new client of the store (the caller closes it). */
    public MetadataStore open() throws SQLException {
        return MetadataStores.open(new MetadataSpec(url, null));
    }
}
