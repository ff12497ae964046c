/** Micrometer meters of the shard pools, named as Micrometer names JDBC pool meters. */
package io.shardjdbc.spring.boot.metrics;
