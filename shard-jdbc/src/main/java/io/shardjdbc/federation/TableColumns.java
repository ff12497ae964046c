package io.shardjdbc.federation;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The columns of a logical table, read from a shard's description of {@code SELECT * FROM t}, and
 * the Calcite types federation gives them. CHAR columns compute as VARCHAR: the values arrive as
 * the database returns them, and Calcite's CHAR would pad them again.
 */
final class TableColumns {
    private TableColumns() { }

    static List<Column> of(ResultSetMetaData md) throws SQLException {
        List<Column> out = new ArrayList<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            int type = md.getColumnType(c);
            String typeName = md.getColumnTypeName(c);
            String className = md.getColumnClassName(c);
            SqlTypeName sql = sqlType(type, typeName, className);
            int precision = Math.max(0, md.getPrecision(c));
            int scale = Math.max(0, md.getScale(c));
            out.add(new Column(md.getColumnName(c), type, typeName, sql, precision, scale,
                    md.isNullable(c) != ResultSetMetaData.columnNoNulls));
        }
        return List.copyOf(out);
    }

    /** The Calcite type of a JDBC column; ANY for types federation does not compute with (they pass through). */
    static SqlTypeName sqlType(int jdbcType, String typeName, String className) {
        if ("java.lang.Boolean".equals(className)) return SqlTypeName.BOOLEAN;
        if ("java.math.BigInteger".equals(className)) return SqlTypeName.DECIMAL; // MySQL BIGINT UNSIGNED
        String tn = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> tn.equals("bit") && !"java.lang.Boolean".equals(className) ? SqlTypeName.ANY : SqlTypeName.BOOLEAN;
            case Types.TINYINT -> SqlTypeName.TINYINT;
            case Types.SMALLINT -> SqlTypeName.SMALLINT;
            case Types.INTEGER -> "java.lang.Long".equals(className) ? SqlTypeName.BIGINT : SqlTypeName.INTEGER;
            case Types.BIGINT -> SqlTypeName.BIGINT;
            case Types.REAL -> SqlTypeName.REAL;
            case Types.FLOAT, Types.DOUBLE -> "java.lang.Float".equals(className) ? SqlTypeName.REAL : SqlTypeName.DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> SqlTypeName.DECIMAL;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB ->
                    SqlTypeName.VARCHAR;
            case Types.DATE -> SqlTypeName.DATE;
            case Types.TIME -> SqlTypeName.TIME;
            case Types.TIMESTAMP -> SqlTypeName.TIMESTAMP;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> SqlTypeName.VARBINARY;
            default -> SqlTypeName.ANY;
        };
    }
}
