package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;

/** Thrown inside a statement's translation: the statement becomes a TODO(convert) comment with the reason. */
final class NotConverted extends RuntimeException {
    final transient JsonNode at;

    NotConverted(JsonNode at, String reason) {
        super(reason, null, false, false);
        this.at = at;
    }
}
