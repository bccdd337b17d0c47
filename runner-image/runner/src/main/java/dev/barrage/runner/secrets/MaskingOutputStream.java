package dev.barrage.runner.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream that writes whole lines with the run's secrets masked. A line is held until it ends, so that a secret
 * written in pieces ({@code print("to" + "ken")} as two writes) is still seen whole; a line longer than the buffer is
 * written in parts, each holding back one byte fewer than the longest secret has, so that a secret never straddles
 * a part unseen. {@link #flush()} writes only complete lines: a partial line waits for its end, or for {@link #close()}.
 */
public final class MaskingOutputStream extends OutputStream {
    static final int MAX_LINE = 8192;

    private final OutputStream out;
    private final SecretMask mask;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public MaskingOutputStream(OutputStream out, SecretMask mask) {
        this.out = out;
        this.mask = mask;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            writeLine();
        } else if (line.size() >= MAX_LINE) {
            writePart();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (mask.isEmpty() && line.size() > 0) {
            writeLine(); // nothing to hide (yet): no reason to hold a prompt back
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writeLine();
        out.close();
    }

    private void writeLine() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        out.write(mask.mask(bytes, bytes.length));
    }

    /**
     * Writes all of a long line, masked, but its last bytes, which may be the start of a secret that the next bytes
     * complete: fewer than the longest secret, so any secret that starts before them has ended and is masked.
     */
    private void writePart() throws IOException {
        byte[] bytes = line.toByteArray();
        byte[] masked = mask.mask(bytes, bytes.length);
        int keep = Math.min(masked.length, Math.max(0, mask.longestBytes() - 1));
        line.reset();
        line.write(masked, masked.length - keep, keep);
        out.write(masked, 0, masked.length - keep);
    }
}
