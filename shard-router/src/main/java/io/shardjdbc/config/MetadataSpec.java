package io.shardjdbc.config;

/** The {@code metadata:} section: where the topology store lives. */
public record MetadataSpec(String url, String token) {
    @Override
    public String toString() { return "MetadataSpec[" + url + "]"; }
}
