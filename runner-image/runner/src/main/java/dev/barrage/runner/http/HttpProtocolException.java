package dev.barrage.runner.http;

import java.io.IOException;

/** The server answered something that is not valid HTTP/1.1. */
final class HttpProtocolException extends IOException {
    HttpProtocolException(String message) {
        super(message);
    }
}
