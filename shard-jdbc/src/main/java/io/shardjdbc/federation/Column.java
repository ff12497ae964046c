package io.shardjdbc.federation;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a logical table as a shard describes it.
 *
 * @param name      the name as the database reports it (used, quoted, in shard SQL)
 * @param jdbcType  the {@link java.sql.Types} code
 * @param typeName  the database's type name
 * @param sqlType   the Calcite type federation computes with
 * @param precision precision or length (0 when the database gives none)
 * @param scale     scale of decimals
 * @param nullable  whether the column may hold NULL
 */
record Column(String name, int jdbcType, String typeName, SqlTypeName sqlType, int precision, int scale,
              boolean nullable) {
    /** True for text columns, whose comparisons follow the database's collation. */
    boolean text() {
        return sqlType == SqlTypeName.VARCHAR || sqlType == SqlTypeName.CHAR;
    }
}
