package io.shardjdbc.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.ShardDataSource;
import io.shardjdbc.execute.ShardRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Finds the shard-jdbc runtime behind an application's DataSource bean. */
public final class ShardRuntimes {
    private static final String URL_PREFIX = "jdbc:shard:";

    private ShardRuntimes() {
    }

    /**
     * The runtime of a {@link ShardDataSource} (or a DataSource that unwraps to one), or of a HikariCP pool over a
     * {@code jdbc:shard:} URL (Boot's {@code spring.datasource.url} route; one logical connection tells it, which opens
     * no shard connection); null for any other DataSource.
     */
    public static ShardRuntime of(DataSource dataSource) {
        try {
            if (dataSource instanceof ShardDataSource sharded) return sharded.unwrap(ShardRuntime.class);
            if (dataSource.isWrapperFor(ShardDataSource.class)) return dataSource.unwrap(ShardDataSource.class).unwrap(ShardRuntime.class);
            if (dataSource instanceof HikariDataSource pool && isShardUrl(pool.getJdbcUrl())) {
                try (Connection c = pool.getConnection()) {
                    return c.unwrap(ShardRuntime.class);
                }
            }
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the shard-jdbc runtime of " + dataSource + ": " + e.getMessage(), e);
        }
    }

    /** True for a {@code jdbc:shard:} URL. */
    public static boolean isShardUrl(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }
}
