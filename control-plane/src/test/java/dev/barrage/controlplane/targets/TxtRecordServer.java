package dev.barrage.controlplane.targets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The smallest DNS server that answers TXT questions over UDP on 127.0.0.1, from records the test sets. */
final class TxtRecordServer implements AutoCloseable {
    final Map<String, String> records = new ConcurrentHashMap<>();
    private final DatagramSocket socket;

    TxtRecordServer(int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofPlatform().daemon().name("txt-record-server").start(this::serve);
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buf, buf.length);
                socket.receive(query);
                byte[] answer = answer(buf, query.getLength());
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // closed, or a query this server does not understand: the client times out
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        // the question: labels from offset 12 to a zero byte, then type and class
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (q[i] != 0) {
            int n = q[i] & 0xff;
            name.append(name.isEmpty() ? "" : ".").append(new String(q, i + 1, n, StandardCharsets.US_ASCII));
            i += n + 1;
        }
        int questionEnd = i + 5;
        int type = ((q[i + 1] & 0xff) << 8) | (q[i + 2] & 0xff);
        String text = type == 16 ? records.get(name.toString().toLowerCase(Locale.ROOT)) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);
        out.write(text == null ? 0x83 : 0x80); // NXDOMAIN when there is no such record
        out.writeBytes(new byte[] {0, 1, 0, text == null ? (byte) 0 : 1, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (text != null) {
            byte[] t = text.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte) (t.length + 1), (byte) t.length});
            out.writeBytes(t);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
