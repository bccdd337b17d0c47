package dev.barrage.scenario;

/**
 * The verdict of a response check: success, or failure with the message that groups it in the failure report
 * (Locust's {@code catch_response} with {@code response.success()} / {@code response.failure(msg)}).
 */
public sealed interface CheckResult {
    CheckResult OK = new Ok();

    static CheckResult ok() {
        return OK;
    }

    static CheckResult fail(String message) {
        return new Failed(message == null || message.isBlank() ? "check failed" : message);
    }

    record Ok() implements CheckResult {}

    record Failed(String message) implements CheckResult {}
}
