package io.shardjdbc.shardctl;

import io.shardjdbc.config.ShardSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections to the shards of a config, for commands that read each shard directly. */
final class ShardConnections {
    private ShardConnections() { }

    /** A new connection to a shard's primary, with the config's credentials and driver properties. */
    static Connection open(ShardSpec s) throws SQLException {
        Properties p = new Properties();
        p.putAll(s.properties());
        if (s.username() != null) p.setProperty("user", s.username());
        if (s.password() != null) p.setProperty("password", s.password());
        return DriverManager.getConnection(s.url(), p);
    }
}
