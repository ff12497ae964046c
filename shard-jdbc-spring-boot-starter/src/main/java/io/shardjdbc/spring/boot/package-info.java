/**
 * Spring Boot support for shard-jdbc: auto-configuration ({@code autoconfigure}), per-shard health ({@code health}),
 * metrics and observations of shard statements ({@code observation}) and Flyway's {@code {vendor}} locations
 * ({@code flyway}).
 */
package io.shardjdbc.spring.boot;
