/**
 * Errors as the application sees them: a physical error attributed to its shard (keeping the
 * SQLState, vendor code and exception subclass that frameworks decide on), the test for a lost
 * connection, and SQL and URLs shortened or redacted for messages. Every other package may use it;
 * it uses none of them.
 */
package io.shardjdbc.errors;
