package io.shardjdbc.directory.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The service's shared secret. Requests are checked by comparing SHA-256 digests in constant time,
 * so neither the token's content nor its length leaks through response timing.
 */
final class BearerToken {
    private static final String PREFIX = "Bearer ";
    private final byte[] digest;

    BearerToken(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the directory service needs a token");
        this.digest = sha256(token);
    }

    /** True when the {@code Authorization} header carries this token. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return false;
        return MessageDigest.isEqual(digest, sha256(authorization.substring(PREFIX.length()).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
