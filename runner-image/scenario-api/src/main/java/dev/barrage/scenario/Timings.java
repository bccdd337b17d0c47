package dev.barrage.scenario;

/**
 * Where one HTTP request's time went, in milliseconds, as k6's {@code res.timings}: resolving the host name,
 * connecting, the TLS handshake (these three are 0 on a kept-alive connection), sending the request, waiting for the
 * first byte of the answer ({@code ttfb}) and receiving the rest. For a followed redirect each is summed over its hops.
 * Their sum is a little less than {@link Response#elapsedMillis()}, which also counts the client's own work (headers,
 * cookies, decompressing the body).
 *
 * @param newConnections connections the request opened (0 when it went over a kept-alive one)
 * @param reusedConnections hops sent over a connection that was already open
 */
public record Timings(double resolveMillis, double connectMillis, double tlsMillis, double sendMillis,
        double ttfbMillis, double receiveMillis, int newConnections, int reusedConnections) {}
