/** Health of each shard and replica, checked on a connection of its own pool. */
package io.shardjdbc.spring.boot.health;
