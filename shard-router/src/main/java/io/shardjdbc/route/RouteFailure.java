package io.shardjdbc.route;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;

/**
 * An analysis failure kept in the cache: each execution gets a fresh exception of the same type,
 * message and SQLState, so stack traces point at the caller rather than the first attempt.
 */
record RouteFailure(SQLException original) {
    SQLException raise() {
        String m = original.getMessage();
        String s = original.getSQLState();
        if (original instanceof SQLFeatureNotSupportedException) return new SQLFeatureNotSupportedException(m, s, original);
        if (original instanceof SQLSyntaxErrorException) return new SQLSyntaxErrorException(m, s, original);
        if (original instanceof SQLDataException) return new SQLDataException(m, s, original);
        if (original instanceof java.sql.SQLIntegrityConstraintViolationException) {
            return new java.sql.SQLIntegrityConstraintViolationException(m, s, original);
        }
        return new SQLException(m, s, original);
    }
}
