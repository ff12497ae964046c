package io.shardjdbc.directory.support;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source seen through a counter of statement executions (every {@code execute*} call
 * is one round trip to the database). It changes nothing the database does; the tests use it to
 * show that a batch lookup is one statement.
 */
public final class CountingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicLong executions = new AtomicLong();

    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Statement executions since this data source was made. */
    public long executions() { return executions.get(); }

    @Override
    public Connection getConnection() throws SQLException {
        return connection(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connection(target.getConnection(username, password));
    }

    private Connection connection(Connection c) {
        InvocationHandler h = (proxy, m, args) -> {
            Object result = invoke(c, m, args);
            if (result instanceof CallableStatement cs) return statement(cs, CallableStatement.class);
            if (result instanceof PreparedStatement ps) return statement(ps, PreparedStatement.class);
            if (result instanceof Statement st) return statement(st, Statement.class);
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private <T extends Statement> T statement(T st, Class<T> type) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().startsWith("execute")) executions.incrementAndGet();
            return invoke(st, m, args);
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException { return target.getLogWriter(); }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException { target.setLogWriter(out); }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException { target.setLoginTimeout(seconds); }

    @Override
    public int getLoginTimeout() throws SQLException { return target.getLoginTimeout(); }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException { return target.getParentLogger(); }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException { return target.unwrap(iface); }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException { return target.isWrapperFor(iface); }
}
