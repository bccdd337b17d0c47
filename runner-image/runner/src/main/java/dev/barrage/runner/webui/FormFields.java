package dev.barrage.runner.webui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text fields of a form as Locust's clients send it: {@code application/x-www-form-urlencoded} (curl -d, Python's
 * requests with data=) or {@code multipart/form-data} (curl -F, a browser's FormData), plus the query string.
 */
final class FormFields {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern PART_NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*\\bname=\"([^\"]*)\"");

    private FormFields() {}

    static Map<String, String> parse(String query, String contentType, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>(urlEncoded(query));
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            Matcher m = BOUNDARY.matcher(contentType);
            if (m.find()) {
                fields.putAll(multipart(new String(body, StandardCharsets.UTF_8), m.group(1) != null ? m.group(1) : m.group(2)));
            }
        } else {
            fields.putAll(urlEncoded(new String(body, StandardCharsets.UTF_8)));
        }
        return fields;
    }

    private static Map<String, String> urlEncoded(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return fields;
        }
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(key, value);
        }
        return fields;
    }

    private static Map<String, String> multipart(String body, String boundary) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : body.split("--" + Pattern.quote(boundary))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            Matcher name = PART_NAME.matcher(part.substring(0, headersEnd));
            if (!name.find()) {
                continue;
            }
            String value = part.substring(headersEnd + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            fields.put(name.group(1), value);
        }
        return fields;
    }
}
