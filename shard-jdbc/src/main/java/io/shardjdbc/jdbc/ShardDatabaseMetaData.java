package io.shardjdbc.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The metadata of a logical connection: the default shard's {@link DatabaseMetaData} (every shard
 * runs the same database product and schema), except that {@code getConnection()} is the logical
 * connection and {@code getURL()} the {@code jdbc:shard:} URL. A dynamic proxy, because the
 * interface has some 180 methods and only these differ; metadata calls are not on a hot path.
 */
final class ShardDatabaseMetaData implements InvocationHandler {
    private final DatabaseMetaData physical;
    private final ShardConnection connection;
    private final String url;

    private ShardDatabaseMetaData(DatabaseMetaData physical, ShardConnection connection, String url) {
        this.physical = physical;
        this.connection = connection;
        this.url = url;
    }

    static DatabaseMetaData wrap(DatabaseMetaData physical, ShardConnection connection, String url) {
        return (DatabaseMetaData) Proxy.newProxyInstance(ShardDatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new ShardDatabaseMetaData(physical, connection, url));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                return connection;
            case "getURL":
                return url;
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(proxy)) return proxy;
                if (((Class<?>) args[0]).isInstance(physical)) return physical;
                break;
            case "isWrapperFor":
                if (((Class<?>) args[0]).isInstance(proxy) || ((Class<?>) args[0]).isInstance(physical)) return true;
                break;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "ShardDatabaseMetaData[" + url + " over " + physical + "]";
            default:
                break;
        }
        try {
            // the default shard's connection of the moment: in auto-commit mode the one this proxy was
            // made on may have gone back to its pool since
            DatabaseMetaData now = connection.isClosed() ? physical : connection.physical(0).getMetaData();
            return method.invoke(now, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) throw io.shardjdbc.errors.ShardErrors.fromShard(connection.shardName(0), s);
            throw cause;
        }
    }
}
