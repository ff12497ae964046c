/**
 * Read replicas: which replica serves a read (balancers), how far behind each one is (measured in
 * the background), whether it has replayed a connection's own writes (read-your-writes positions),
 * and taking failed replicas out and back in (a circuit breaker per replica).
 */
package io.shardjdbc.replica;
