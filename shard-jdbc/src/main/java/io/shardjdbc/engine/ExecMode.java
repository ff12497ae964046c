package io.shardjdbc.engine;

/** Which JDBC execute method the application called, which decides how each unit runs physically. */
public enum ExecMode {
    /** {@code executeQuery}: rows are required. */
    QUERY,
    /** {@code executeUpdate} / {@code executeLargeUpdate}: an update count is required. */
    UPDATE,
    /** {@code execute}: whatever the statement produces. */
    ANY
}
