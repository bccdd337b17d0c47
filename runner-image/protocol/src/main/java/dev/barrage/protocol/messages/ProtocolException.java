package dev.barrage.protocol.messages;

/** A message that cannot be decoded: malformed JSON, an unknown version or type, a missing or invalid field. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
