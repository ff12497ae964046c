package io.shardjdbc.directory;

import java.util.regex.Pattern;

/** Takes secrets out of URLs before they reach a message or a log. */
public final class Redact {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

    private Redact() { }

    /** The URL with password parameters and {@code user:password@} replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) return null;
        String s = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(s).replaceAll("//***@");
    }
}
