/** The auto-configurations, registered in {@code META-INF/spring/...AutoConfiguration.imports}, and their properties. */
package io.shardjdbc.spring.boot.autoconfigure;
