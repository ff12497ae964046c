/**
 * Observing executions where their shard statements run: {@link io.shardjdbc.observe.ExecutionObserver} is the hook,
 * {@link io.shardjdbc.observe.RouteLog} the route logger every data source has, and metrics or tracing (the Spring
 * Boot starter's) plug into the same hook through {@link io.shardjdbc.observe.ExecutionObservers}.
 */
package io.shardjdbc.observe;
