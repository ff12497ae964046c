package io.shardjdbc.ids;

import io.shardjdbc.merge.RowsResultSet;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids the driver generated for an execution, as {@code getGeneratedKeys()} returns them: one
 * BIGINT column named as the generated column, one row per inserted row, in the rows' order.
 */
public final class GeneratedKeysResult {
    private GeneratedKeysResult() { }

    public static ResultSet of(String column, List<long[]> ids) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (long[] execution : ids) for (long id : execution) rows.add(new Object[] {id});
        return new RowsResultSet(metaData(column), 1, rows);
    }

    private static ResultSetMetaData metaData(String column) {
        return (ResultSetMetaData) java.lang.reflect.Proxy.newProxyInstance(GeneratedKeysResult.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getColumnCount" -> 1;
                    case "getColumnLabel", "getColumnName" -> column;
                    case "getColumnType" -> Types.BIGINT;
                    case "getColumnTypeName" -> "BIGINT";
                    case "getColumnClassName" -> Long.class.getName();
                    case "getPrecision", "getColumnDisplaySize" -> 19;
                    case "getScale" -> 0;
                    case "isNullable" -> ResultSetMetaData.columnNoNulls;
                    case "isSigned", "isSearchable", "isAutoIncrement" -> true;
                    case "isCaseSensitive", "isCurrency", "isReadOnly", "isWritable", "isDefinitelyWritable" -> false;
                    case "getSchemaName", "getTableName", "getCatalogName" -> "";
                    case "isWrapperFor" -> false;
                    case "unwrap" -> throw new SQLException("not a wrapper for " + args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "generated keys (" + column + ")";
                    default -> throw new SQLException("unexpected metadata call " + m.getName());
                });
    }
}
