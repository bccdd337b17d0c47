package dev.barrage.runner.http;

import dev.barrage.protocol.Phase;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One user's HTTP/2 connection to one origin: over TLS when the host chose {@code h2} by ALPN, or in clear text with
 * prior knowledge ({@code h2c}). Netty does the framing, HPACK and flow control on a small event loop that every user
 * shares; each request is a stream of the connection, so requests sent at the same time (a user and its background
 * work) are multiplexed on it, as a browser's tab does. Safe to use from several threads.
 */
final class Http2Connection implements Transport {
    static final String H2 = "h2";
    static final String HTTP_1_1 = "http/1.1";
    private static final byte[] NO_BODY = new byte[0];
    /** Hosts that answered ALPN with HTTP/1.1: later connections of every user go to them with HTTP/1.1 at once. */
    private static final Set<Origin> NOT_HTTP2 = ConcurrentHashMap.newKeySet();

    /** Started only when a user first speaks HTTP/2; daemon threads, one or two per core are plenty for I/O. */
    private static final class Loop {
        static final EventLoopGroup GROUP = new NioEventLoopGroup(
                Math.min(4, Runtime.getRuntime().availableProcessors()), new DefaultThreadFactory("barrage-http2", true));
    }

    private final Origin origin;
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    /** Null for h2c (clear text, prior knowledge). */
    private final TlsSockets tls;
    private volatile Channel channel;
    private volatile Http2FrameCodec codec;

    /** @param tls the TLS settings of an https origin, or null to speak h2c to an http one */
    Http2Connection(Origin origin, int connectTimeoutMillis, int responseTimeoutMillis, TlsSockets tls) {
        this.origin = origin;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.tls = tls;
    }

    /** Whether an https origin may be offered h2: false once it answered ALPN with HTTP/1.1. */
    static boolean mayOffer(Origin origin) {
        return !NOT_HTTP2.contains(origin);
    }

    /** The host chose another protocol than h2 by ALPN: nothing was sent, the request goes over HTTP/1.1. */
    static final class NotHttp2Exception extends IOException {
        NotHttp2Exception(Origin origin, String protocol) {
            super(origin.url("") + " answered ALPN with " + (protocol == null || protocol.isEmpty() ? "no protocol" : protocol));
        }
    }

    @Override
    public RawResponse exchange(byte[] head, byte[] body, boolean headRequest, boolean discardBody, RequestPhases phases)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(responseTimeoutMillis);
        Http2Headers headers = headers(head);
        StreamResponse response = new StreamResponse(discardBody);
        long start = System.nanoTime();
        Http2StreamChannel stream = null;
        try {
            stream = openStream(phases, response, deadline);
            start = System.nanoTime();
            ChannelFuture written;
            if (body == null || body.length == 0) {
                written = stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
            } else {
                stream.write(new DefaultHttp2HeadersFrame(headers, false));
                written = stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
            }
            written.addListener(f -> {
                if (f.isSuccess()) {
                    response.sentNanos = System.nanoTime();
                } else {
                    response.fail(f.cause());
                }
            });
            return response.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no complete response within " + responseTimeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the response");
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        } finally {
            if (stream != null) {
                if (!response.done.isDone()) {
                    stream.close(); // resets the stream: the server may stop working on it
                }
                response.time(phases, start, System.nanoTime()); // (a connection that failed to open has its phases)
            }
        }
    }

    /**
     * A new stream on the connection, opening the connection first when there is none (or the server said GOAWAY);
     * counts the hop as reused or new. A stream that cannot be opened on a connection the server is closing is opened
     * on a new one: nothing was sent on it.
     */
    private Http2StreamChannel openStream(RequestPhases phases, StreamResponse response, long deadline)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            Channel parent = connected(phases);
            Future<Http2StreamChannel> opened = new Http2StreamChannelBootstrap(parent).handler(response).open();
            try {
                return await(opened, remainingMillis(deadline), "opening a stream");
            } catch (IOException e) {
                closeChannel(parent);
                if (attempt > 0 || e instanceof InterruptedIOException) {
                    throw e;
                }
            }
        }
    }

    private synchronized Channel connected(RequestPhases phases) throws IOException {
        Channel c = channel;
        Http2FrameCodec h2 = codec;
        if (c != null && c.isActive() && h2 != null && !h2.connection().goAwayReceived()) {
            phases.reused();
            return c;
        }
        closeChannel(c);
        channel = open(phases);
        return channel;
    }

    /** Resolves, connects and (for https) shakes hands, offering h2 by ALPN; each phase timed. */
    private Channel open(RequestPhases phases) throws IOException {
        long mark = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(origin.host());
        } finally {
            mark = lap(phases, Phase.RESOLVE, mark);
        }
        CompletableFuture<String> negotiated = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(Loop.GROUP).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(new SslHandler(tls.engine(origin, H2, HTTP_1_1)),
                                    new AlpnChoice(negotiated));
                        } else {
                            addHttp2(ch, null); // prior knowledge: before the server's first byte can arrive
                        }
                    }
                });
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(address, origin.port()));
        Channel ch = connecting.channel();
        try {
            await(connecting, connectTimeoutMillis + 1000L, "connecting to " + origin.hostHeader());
        } catch (IOException e) {
            ch.close();
            throw e;
        } finally {
            mark = lap(phases, Phase.CONNECT, mark);
        }
        phases.opened();
        if (tls == null) {
            codec = ch.pipeline().get(Http2FrameCodec.class);
            return ch;
        }
        String protocol;
        try {
            protocol = negotiated.get(responseTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the TLS handshake");
        } catch (ExecutionException | TimeoutException e) {
            ch.close();
            throw e instanceof TimeoutException ? new SocketTimeoutException("no TLS handshake within "
                    + responseTimeoutMillis + " ms") : asIOException(e.getCause());
        } finally {
            lap(phases, Phase.TLS, mark);
        }
        if (!H2.equals(protocol)) {
            ch.close();
            NOT_HTTP2.add(origin);
            throw new NotHttp2Exception(origin, protocol);
        }
        codec = ch.pipeline().get(Http2FrameCodec.class);
        return ch;
    }

    /** Puts the HTTP/2 frame codec and the stream multiplexer after {@code where}; returns the codec. */
    private static Http2FrameCodec addHttp2(Channel ch, ChannelHandlerContext where) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build();
        // server-initiated streams would be pushes, which the settings refuse
        Http2MultiplexHandler multiplex = new Http2MultiplexHandler(new ChannelInboundHandlerAdapter());
        String name = where == null ? null : where.name();
        if (name == null) {
            ch.pipeline().addLast(codec, multiplex);
        } else {
            ch.pipeline().addAfter(name, "h2-codec", codec); // the multiplexer finds the codec when it is added
            ch.pipeline().addAfter("h2-codec", "h2-multiplex", multiplex);
        }
        return codec;
    }

    /**
     * After the TLS handshake, on the event loop: the HTTP/2 handlers when the host chose h2 (before any byte of its
     * preface is read), else nothing, and the choice handed to the user's thread. Bytes read before are held back.
     */
    private static final class AlpnChoice extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> negotiated;
        private final List<Object> early = new ArrayList<>();

        AlpnChoice(CompletableFuture<String> negotiated) {
            this.negotiated = negotiated;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    negotiated.completeExceptionally(done.cause());
                    ctx.close();
                    return;
                }
                String protocol = ctx.pipeline().get(SslHandler.class).engine().getApplicationProtocol();
                if (H2.equals(protocol)) {
                    addHttp2(ctx.channel(), ctx);
                }
                negotiated.complete(protocol);
                for (Object message : early) {
                    ctx.fireChannelRead(message);
                }
                early.clear();
                ctx.pipeline().remove(this);
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            early.add(message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            negotiated.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            negotiated.completeExceptionally(new EOFException("the connection closed during the TLS handshake"));
            super.channelInactive(ctx);
        }
    }

    /** Collects one stream's response on the event loop and hands it to the waiting user's thread. */
    private static final class StreamResponse extends ChannelInboundHandlerAdapter {
        final CompletableFuture<RawResponse> done = new CompletableFuture<>();
        private final boolean discard;
        private final ByteArrayOutputStream body;
        private int status;
        private Map<String, List<String>> headers = Map.of();
        private long bodyBytes;
        volatile long sentNanos;
        private volatile long firstNanos;
        private volatile long endNanos;

        StreamResponse(boolean discard) {
            this.discard = discard;
            this.body = discard ? null : new ByteArrayOutputStream();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (firstNanos == 0) {
                    firstNanos = System.nanoTime();
                }
                if (message instanceof Http2HeadersFrame frame) {
                    if (status == 0) {
                        CharSequence code = frame.headers().status();
                        int s = code == null ? -1 : Integer.parseInt(code.toString());
                        if (s < 100) {
                            fail(new HttpProtocolException("a response without a valid :status"));
                            return;
                        }
                        if (s >= 200) { // 1xx answers are interim: the real one follows
                            status = s;
                            headers = headers(frame.headers());
                        }
                    }
                    if (frame.isEndStream()) {
                        finish();
                    }
                } else if (message instanceof Http2DataFrame frame) {
                    int n = frame.content().readableBytes();
                    bodyBytes += n;
                    if (!discard) {
                        body.writeBytes(ByteBufUtil.getBytes(frame.content()));
                    }
                    if (frame.isEndStream()) {
                        finish();
                    }
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof Http2ResetFrame reset) {
                fail(new IOException("the server reset the stream: " + Http2Error.valueOf(reset.errorCode())));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new EOFException("the stream closed before its response ended"));
        }

        void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }

        private void finish() {
            endNanos = System.nanoTime();
            if (status == 0) {
                fail(new HttpProtocolException("the stream ended without a response"));
                return;
            }
            done.complete(new RawResponse(status, HttpResponseStatus.valueOf(status).reasonPhrase(), headers,
                    body == null ? NO_BODY : body.toByteArray(), bodyBytes));
        }

        /** The phases of this stream, from the marks the event loop set: nothing after what never happened. */
        void time(RequestPhases phases, long start, long now) {
            long sent = sentNanos;
            long first = firstNanos;
            long end = endNanos == 0 ? now : endNanos;
            if (sent == 0) {
                phases.add(Phase.SEND, Math.max(0, now - start));
                return;
            }
            phases.add(Phase.SEND, Math.max(0, sent - start));
            if (first == 0) {
                phases.add(Phase.TTFB, Math.max(0, now - sent));
                return;
            }
            phases.add(Phase.TTFB, Math.max(0, first - sent));
            phases.add(Phase.RECEIVE, Math.max(0, end - first));
        }

        private static Map<String, List<String>> headers(Http2Headers h2) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<CharSequence, CharSequence> h : h2) {
                String name = h.getKey().toString();
                if (!name.startsWith(":")) {
                    out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h.getValue().toString());
                }
            }
            return out;
        }
    }

    /**
     * The HTTP/2 headers of a request whose HTTP/1.1 head the client built: the request line and Host become the
     * pseudo-headers, header names go lower case, and what HTTP/2 forbids (Connection and its kin) is left out.
     */
    Http2Headers headers(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1); // byte for byte: values go out as they came
        int lineEnd = text.indexOf("\r\n");
        String requestLine = text.substring(0, lineEnd);
        int firstSpace = requestLine.indexOf(' ');
        int lastSpace = requestLine.lastIndexOf(' ');
        Http2Headers h = new DefaultHttp2Headers().method(requestLine.substring(0, firstSpace))
                .path(requestLine.substring(firstSpace + 1, lastSpace)).scheme(origin.tls() ? "https" : "http")
                .authority(origin.hostHeader());
        for (int start = lineEnd + 2; ; ) {
            int end = text.indexOf("\r\n", start);
            if (end <= start) {
                break;
            }
            String line = text.substring(start, end);
            start = end + 2;
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            switch (name) {
                case "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te" -> { }
                default -> h.add(name, line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    private static long lap(RequestPhases phases, Phase phase, long mark) {
        long now = System.nanoTime();
        phases.add(phase, now - mark);
        return now;
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static <T> T await(Future<T> future, long millis, String what) throws IOException {
        try {
            if (!future.await(millis)) {
                future.cancel(false);
                throw new SocketTimeoutException(what + " took more than " + millis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " was interrupted");
        }
        if (!future.isSuccess()) {
            throw asIOException(future.cause());
        }
        return future.getNow();
    }

    private static IOException asIOException(Throwable t) {
        return t instanceof IOException io ? io : new IOException(HttpRequestBuilder.describe(t), t);
    }

    private void closeChannel(Channel c) {
        if (c != null) {
            c.close();
            if (channel == c) {
                channel = null;
                codec = null;
            }
        }
    }

    @Override
    public void close() {
        closeChannel(channel);
    }
}
