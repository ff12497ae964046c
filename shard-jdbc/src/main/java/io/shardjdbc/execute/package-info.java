/**
 * Running statements on shards: the unit runner that places a plan's units and tries again when
 * safe, parallel units, the shared runtime, and what a running driver does during an online move
 * (fence refusals, topology versions). Pools and physical connections are in {@code physical/},
 * error attribution in {@code errors/}.
 */
package io.shardjdbc.execute;
