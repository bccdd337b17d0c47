package dev.barrage.runner.http;

import java.util.List;
import java.util.Map;

/** A response as read off the wire; header names are lower-cased. */
record RawResponse(int status, String reason, Map<String, List<String>> headers, byte[] body) {

    String firstHeader(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
