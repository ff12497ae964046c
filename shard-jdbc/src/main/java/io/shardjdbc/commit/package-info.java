/**
 * What a commit over several shards tells the application when it did not simply succeed: {@link
 * io.shardjdbc.commit.PartialCommitException} (some shards committed), {@link
 * io.shardjdbc.commit.CommitUnknownException} (an outcome cannot be known yet, with the {@link
 * io.shardjdbc.commit.GlobalTransactionId} to look it up by). Part of the driver's API.
 */
package io.shardjdbc.commit;
