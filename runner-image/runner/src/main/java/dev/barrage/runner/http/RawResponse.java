package dev.barrage.runner.http;

import java.util.List;
import java.util.Map;

/**
 * A response as read off the wire; header names are lower-cased. {@code wireBytes} is the body's length as it came
 * (compressed, and also when the body was discarded and {@code body} is empty).
 */
record RawResponse(int status, String reason, Map<String, List<String>> headers, byte[] body, long wireBytes) {

    RawResponse(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        this(status, reason, headers, body, body.length);
    }

    String firstHeader(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
