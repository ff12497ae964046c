package io.shardjdbc.directory.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shardjdbc.metadata.PlacementState;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the directory service, shared by the server and {@link HttpMetadataStore}, and
 * the one strict mapper both use: unknown fields, missing numbers and trailing garbage are errors,
 * so a malformed request is a 400 rather than a guess.
 */
final class Wire {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Wire() { }

    /** {@code GET /v1/topology/version}, and the answer of a publish. */
    record Version(long version) { }

    /** {@code POST /v1/topology}: publish {@code placement} if the store is still at {@code expectedVersion}. */
    record Publish(long expectedVersion, PlacementState placement) { }

    /** {@code POST /v1/directories/{directory}/lookup}. */
    record Lookup(List<String> keys) { }

    /** The answer of a lookup: the shard of each known key; unknown keys are absent. */
    record Shards(Map<String, String> shards) { }

    /** {@code POST /v1/directories/{directory}/assign}. */
    record Assign(String key, String shard) { }

    /** One directory entry: the answer of a single-key lookup and of an assign. */
    record Entry(String directory, String key, String shard) { }

    /** {@code GET /v1/directories/{directory}/counts}: keys per shard. */
    record Counts(Map<String, Long> counts) { }

    /** Every error: a message for people and the SQLState a client turns it back into. */
    record Error(String error, String sqlState) { }
}
