package dev.barrage.runner.http;

import dev.barrage.protocol.Phase;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * One keep-alive HTTP/1.1 connection, used by one virtual user at a time. Blocking I/O on purpose: each user runs on
 * a virtual thread, so a blocked read parks the virtual thread, not a carrier, and the code stays a straight line.
 */
final class HttpConnection implements Transport {
    /** Small on purpose: thousands of idle users each hold one; bodies are read straight into their own arrays. */
    private static final int BUFFER = 4 * 1024;
    /** Bodies up to this size are sent in the same write as the head: one system call per request. */
    private static final int COALESCE = 8 * 1024;
    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 256;
    private static final byte[] NO_BODY = new byte[0];

    private final Origin origin;
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    private final TlsSockets tls;
    /** The proxy the connection goes through, or null. */
    private final ProxyRoute proxy;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean reused;
    /** When the exchange under way times out ({@link System#nanoTime()}); 0 when none is. Guarded by this. */
    private long deadlineNanos;
    /** The watchdog closed the socket because the exchange under way ran past its deadline. Guarded by this. */
    private boolean expired;

    /** @param responseTimeoutMillis the longest a request may take from its first byte sent to its last byte read */
    HttpConnection(Origin origin, int connectTimeoutMillis, int responseTimeoutMillis) {
        this(origin, connectTimeoutMillis, responseTimeoutMillis, TlsSockets.DEFAULT, null);
    }

    /** @param proxy the HTTP proxy to go through, or null to connect to the origin itself */
    HttpConnection(Origin origin, int connectTimeoutMillis, int responseTimeoutMillis, TlsSockets tls, ProxyRoute proxy) {
        this.origin = origin;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.tls = tls;
        this.proxy = proxy;
    }

    /**
     * Sends one request and reads the whole response. A kept-alive connection that the server had closed while idle
     * (end of stream or reset before any byte of an answer) is reopened and the request sent once more; never after
     * a timeout or an interrupt, when the server may well have the request.
     */
    @Override
    public RawResponse exchange(byte[] head, byte[] body, boolean headRequest, boolean discardBody, RequestPhases phases)
            throws IOException {
        startDeadline();
        RawResponse response = null;
        IOException ioFailure = null;
        RuntimeException failure = null;
        try {
            response = exchangeRetryingStale(head, body, headRequest, discardBody, phases);
        } catch (IOException e) {
            ioFailure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (endDeadline()) {
            close();
            throw new SocketTimeoutException("no complete response within " + responseTimeoutMillis + " ms");
        }
        if (ioFailure != null) {
            throw ioFailure;
        }
        if (failure != null) {
            throw failure;
        }
        return response;
    }

    private RawResponse exchangeRetryingStale(byte[] head, byte[] body, boolean headRequest, boolean discardBody,
            RequestPhases phases) throws IOException {
        boolean wasReused = socket != null && reused;
        try {
            return exchangeOnce(head, body, headRequest, discardBody, phases);
        } catch (StaleConnectionException stale) {
            close();
            if (!wasReused || Thread.currentThread().isInterrupted() || isExpired()) {
                if (wasReused) {
                    phases.reused(); // not sent again: this hop went over the kept-alive connection
                }
                throw stale.cause;
            }
            return exchangeOnce(head, body, headRequest, discardBody, phases);
        }
    }

    private synchronized void startDeadline() {
        long deadline = System.nanoTime() + responseTimeoutMillis * 1_000_000L;
        deadlineNanos = deadline == 0 ? 1 : deadline;
        expired = false;
    }

    /** Ends the exchange's deadline; true if the watchdog had expired it. */
    private synchronized boolean endDeadline() {
        deadlineNanos = 0;
        boolean wasExpired = expired;
        expired = false;
        return wasExpired;
    }

    private synchronized boolean isExpired() {
        return expired;
    }

    /** Called by the watchdog: closes the socket of an exchange that ran past its deadline, waking its read. */
    synchronized void expireIfOverdue(long nowNanos) {
        if (deadlineNanos != 0 && nowNanos - deadlineNanos >= 0) {
            deadlineNanos = 0;
            expired = true;
            closeQuietly(socket);
        }
    }

    /**
     * One attempt, timed phase by phase into {@code phases}. A hop over a kept-alive connection counts as reused
     * unless it turns out stale (then the resend on a new connection counts, as a new one).
     */
    private RawResponse exchangeOnce(byte[] head, byte[] body, boolean headRequest, boolean discardBody,
            RequestPhases phases) throws IOException {
        boolean kept = socket != null;
        if (!kept) {
            open(phases);
        }
        long mark = System.nanoTime();
        long sent = 0;
        boolean written = false;
        int available;
        try {
            if (body == null || body.length == 0) {
                out.write(head);
            } else if (body.length <= COALESCE) {
                byte[] both = Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, both, head.length, body.length);
                out.write(both);
            } else {
                out.write(head);
                out.write(body);
            }
            sent = System.nanoTime();
            written = true;
            available = fill();
        } catch (SocketTimeoutException e) {
            close();
            throw counted(e, kept, phases);
        } catch (SocketException e) {
            // reset or broken pipe before any answer: what a server's idle timeout looks like on a kept-alive socket
            throw new StaleConnectionException(e);
        } catch (IOException e) {
            close();
            throw counted(e, kept, phases);
        } finally {
            long now = System.nanoTime();
            if (!written) {
                phases.add(Phase.SEND, now - mark);
            } else {
                phases.add(Phase.SEND, sent - mark);
                phases.add(Phase.TTFB, now - sent);
            }
            mark = now;
        }
        if (available < 0) {
            throw new StaleConnectionException(new EOFException("server closed the connection before answering"));
        }
        if (kept) {
            phases.reused();
        }
        try {
            RawResponse response = readResponse(headRequest, discardBody);
            reused = true;
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            phases.add(Phase.RECEIVE, System.nanoTime() - mark);
        }
    }

    private static IOException counted(IOException failure, boolean kept, RequestPhases phases) {
        if (kept) {
            phases.reused();
        }
        return failure;
    }

    /**
     * Resolves, connects (through a proxy: to the proxy, and a CONNECT tunnel for https) and shakes hands, each phase
     * timed (a failed one too, up to its failure). The socket is under the response deadline from the start, so a
     * proxy or a TLS server that never answers is cut off like a response that never comes.
     */
    private void open(RequestPhases phases) throws IOException {
        long mark = System.nanoTime();
        Phase phase = Phase.RESOLVE;
        Origin to = proxy == null ? origin : proxy.origin();
        Socket s = new Socket();
        socket = s;
        pos = limit = 0;
        ResponseDeadlines.register(this);
        try {
            InetAddress address = InetAddress.getByName(to.host());
            mark = lap(phases, phase, mark);
            phase = Phase.CONNECT;
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, to.port()), connectTimeoutMillis);
            phases.opened();
            if (origin.tls()) {
                if (proxy != null) {
                    tunnel(s);
                }
                mark = lap(phases, phase, mark);
                phase = Phase.TLS;
                SSLSocket secure = (SSLSocket) tls.wrap(s, origin);
                secure.startHandshake();
                s = secure;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            lap(phases, phase, mark);
        }
        in = s.getInputStream();
        out = s.getOutputStream();
        socket = s;
        reused = false;
    }

    /** Asks the proxy for a tunnel to the origin ({@code CONNECT host:port}); fails unless it answers 2xx. */
    private void tunnel(Socket s) throws IOException {
        String authority = (origin.host().contains(":") ? "[" + origin.host() + "]" : origin.host()) + ":" + origin.port();
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (proxy.authorization() != null) {
            request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        s.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        in = s.getInputStream();
        String status = readLine();
        while (!readLine().isEmpty()) {
            // the proxy's headers say nothing the tunnel needs
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].startsWith("2")) {
            throw new ProxyRefusedException("proxy " + proxy + " refused CONNECT " + authority + ": " + abbreviate(status));
        }
        if (pos != limit) {
            throw new HttpProtocolException("proxy " + proxy + " sent bytes after its CONNECT answer");
        }
        pos = limit = 0;
    }

    /** A proxy's refusal of a tunnel, e.g. 407 Proxy Authentication Required: never a stale connection to retry. */
    static final class ProxyRefusedException extends IOException {
        ProxyRefusedException(String message) {
            super(message);
        }
    }

    private static long lap(RequestPhases phases, Phase phase, long mark) {
        long now = System.nanoTime();
        phases.add(phase, now - mark);
        return now;
    }

    private RawResponse readResponse(boolean headRequest, boolean discardBody) throws IOException {
        String statusLine = readLine();
        while (statusLine.isEmpty()) {
            statusLine = readLine();
        }
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new HttpProtocolException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        int firstSpace = statusLine.indexOf(' ');
        int secondSpace = statusLine.indexOf(' ', firstSpace + 1);
        int status;
        try {
            status = Integer.parseInt(
                    secondSpace < 0 ? statusLine.substring(firstSpace + 1) : statusLine.substring(firstSpace + 1, secondSpace));
        } catch (RuntimeException e) {
            throw new HttpProtocolException("bad status line: " + abbreviate(statusLine));
        }
        String reason = secondSpace < 0 ? "" : statusLine.substring(secondSpace + 1);
        boolean http10 = statusLine.startsWith("HTTP/1.0");

        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (n == MAX_HEADERS) {
                throw new HttpProtocolException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException("bad header line: " + abbreviate(line));
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(line.substring(colon + 1).trim());
        }
        if (status / 100 == 1) {
            return readResponse(headRequest, discardBody); // 100 Continue and friends precede the real answer
        }

        String connection = first(headers, "connection");
        boolean keepAlive = http10
                ? "keep-alive".equalsIgnoreCase(connection)
                : !"close".equalsIgnoreCase(connection);
        String transferEncoding = first(headers, "transfer-encoding");
        String contentLength = first(headers, "content-length");
        byte[] body = NO_BODY;
        long bodyBytes;
        if (headRequest || status == 204 || status == 304) {
            bodyBytes = 0;
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteSink sink = discardBody ? null : new ByteSink();
            bodyBytes = readChunked(sink);
            body = sink == null ? NO_BODY : sink.toByteArray();
        } else if (contentLength != null) {
            try {
                bodyBytes = Long.parseLong(contentLength);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException("bad Content-Length: " + contentLength);
            }
            if (bodyBytes < 0 || (!discardBody && bodyBytes > Integer.MAX_VALUE - 16)) {
                throw new HttpProtocolException("unsupported Content-Length: " + contentLength
                        + (bodyBytes < 0 ? "" : " (a body over 2 GB can only be discarded: Request.discardBody())"));
            }
            if (discardBody) {
                readExactly(bodyBytes, null);
            } else {
                body = readExactly((int) bodyBytes); // the usual case: straight into the body's own array
            }
        } else {
            ByteSink sink = discardBody ? null : new ByteSink();
            bodyBytes = readToEnd(sink);
            body = sink == null ? NO_BODY : sink.toByteArray();
            keepAlive = false;
        }
        if (!keepAlive) {
            close();
        }
        return new RawResponse(status, reason, headers, body, bodyBytes);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null ? null : v.getFirst();
    }

    /** Reads a chunked body into {@code sink} (null: drops it); returns its length without the chunks' framing. */
    private long readChunked(ByteSink sink) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0) {
                throw new HttpProtocolException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return total;
            }
            readExactly(size, sink);
            total += size;
            if (!readLine().isEmpty()) {
                throw new HttpProtocolException("chunk not followed by CRLF");
            }
        }
    }

    /** Reads {@code length} body bytes into {@code sink}, or through the small buffer and drops them when it is null. */
    private void readExactly(long length, ByteSink sink) throws IOException {
        if (sink != null) {
            sink.write(readExactly((int) length));
            return;
        }
        long left = length;
        int buffered = (int) Math.min(limit - pos, left);
        pos += buffered;
        left -= buffered;
        while (left > 0) {
            pos = limit = 0;
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("connection closed after " + (length - left) + " of " + length + " body bytes");
            }
            left -= n;
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] body = new byte[length];
        int copied = Math.min(limit - pos, length);
        System.arraycopy(buf, pos, body, 0, copied);
        pos += copied;
        while (copied < length) {
            int n = in.read(body, copied, length - copied);
            if (n < 0) {
                throw new EOFException("connection closed after " + copied + " of " + length + " body bytes");
            }
            copied += n;
        }
        return body;
    }

    /** Reads to the end of the stream into {@code sink} (null: drops it); returns the bytes read. */
    private long readToEnd(ByteSink sink) throws IOException {
        long total = limit - pos;
        if (sink != null) {
            sink.write(Arrays.copyOfRange(buf, pos, limit));
        }
        pos = limit;
        byte[] chunk = sink == null ? buf : new byte[BUFFER];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            total += n;
            if (sink != null) {
                sink.write(Arrays.copyOf(chunk, n));
            }
        }
        pos = limit = 0;
        return total;
    }

    private String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (line == null) {
                        return part;
                    }
                    line.append(part);
                    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                        line.setLength(line.length() - 1);
                    }
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
            pos = limit;
            if (line.length() > MAX_HEADER_LINE) {
                throw new HttpProtocolException("response line longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (fill() < 0) {
                throw new EOFException("connection closed in the middle of the response head");
            }
        }
    }

    /** Reads more bytes into the buffer if it is empty; returns the bytes available, or -1 at end of stream. */
    private int fill() throws IOException {
        if (pos < limit) {
            return limit - pos;
        }
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return -1;
        }
        limit = n;
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void close() {
        Socket s = socket;
        if (s != null) {
            ResponseDeadlines.unregister(this);
            closeQuietly(s);
            socket = null;
            in = null;
            out = null;
        }
        pos = limit = 0;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken connection cannot fail in a way that matters
            }
        }
    }

    /** A failure that happened before any byte of the response arrived, so the request may be sent again. */
    private static final class StaleConnectionException extends IOException {
        final IOException cause;

        StaleConnectionException(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private static final class ByteSink extends java.io.ByteArrayOutputStream {
        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
