package io.shardjdbc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} with an environment variable, {@code ${NAME:-fallback}} with the variable
 * or the fallback, and {@code ${file:/path}} with a file's content (trailing newline removed), so
 * secrets stay out of the config file. Values are never logged.
 */
final class Substitution {
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]+)}");

    private final String source;
    private final UnaryOperator<String> env;

    Substitution(String source, UnaryOperator<String> env) {
        this.source = source;
        this.env = env;
    }

    String apply(String key, String value) {
        if (value.indexOf("${") < 0) return value;
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(key, m.group(1).trim())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(String key, String ref) {
        if (ref.startsWith("file:")) {
            Path p = Path.of(ref.substring(5));
            try {
                return Files.readString(p, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new ConfigException(source, key, "cannot read secret file " + p + ": " + e.getMessage(), e);
            }
        }
        String name = ref, fallback = null;
        int dash = ref.indexOf(":-");
        if (dash >= 0) {
            name = ref.substring(0, dash);
            fallback = ref.substring(dash + 2);
        }
        String v = env.apply(name);
        if (v != null) return v;
        if (fallback != null) return fallback;
        throw new ConfigException(source, key, "environment variable " + name + " is not set "
                + "(write ${" + name + ":-default} for a default)");
    }
}
