/**
 * The logical JDBC objects an application holds: connection, statements, result sets and their
 * metadata. Each routes through the router and runs on physical objects of the shards it needs;
 * none of them parses SQL.
 */
package io.shardjdbc.jdbc;
