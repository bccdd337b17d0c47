package dev.barrage.runner.scenario;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * The order in which methods and nested classes are written in the source, which a sequential task set runs in.
 * Reflection does not give it, so it is read from the class files: the first line of each method's code (javac keeps
 * line numbers), or, without them, the order of the methods in the class file, which is the source order too.
 */
final class SourceOrder {
    private static final int NO_LINE = Integer.MAX_VALUE;

    private final Map<String, Integer> firstLineByMethod = new HashMap<>();
    private final Map<String, Integer> indexByMethod = new HashMap<>();
    private int constructorLine = NO_LINE;

    private SourceOrder() {}

    /** The position of a no-argument method of {@code type}: earlier in the source sorts first. */
    static long of(Method method) {
        SourceOrder order = read(method.getDeclaringClass());
        String key = method.getName();
        Integer line = order.firstLineByMethod.get(key);
        if (line != null && line != NO_LINE) {
            return line;
        }
        return NO_LINE + (long) order.indexByMethod.getOrDefault(key, 0);
    }

    /** The position of a nested class: the line of its declaration (where its constructor's code starts). */
    static long of(Class<?> nested) {
        int line = read(nested).constructorLine;
        return line == NO_LINE ? NO_LINE : line;
    }

    private static SourceOrder read(Class<?> type) {
        SourceOrder order = new SourceOrder();
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                order.parse(new DataInputStream(new ByteArrayInputStream(in.readAllBytes())));
            }
        } catch (IOException | RuntimeException e) {
            // without the class file the order falls back to names; a task set still runs
        }
        return order;
    }

    private void parse(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6); // access, this, super
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.skipNBytes(2);
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            int line = firstLine(in, utf8);
            if (name.equals("<init>")) {
                constructorLine = Math.min(constructorLine, line);
            } else if (descriptor.startsWith("()")) {
                firstLineByMethod.putIfAbsent(name, line);
                indexByMethod.putIfAbsent(name, i);
            }
        }
    }

    private static int firstLine(DataInputStream in, String[] utf8) throws IOException {
        int line = NO_LINE;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!name.equals("Code")) {
                in.skipNBytes(length);
                continue;
            }
            in.skipNBytes(4);
            in.skipNBytes(in.readInt());
            in.skipNBytes(8L * in.readUnsignedShort());
            int codeAttributes = in.readUnsignedShort();
            for (int c = 0; c < codeAttributes; c++) {
                String codeAttribute = utf8[in.readUnsignedShort()];
                int codeLength = in.readInt();
                if (codeAttribute.equals("LineNumberTable")) {
                    int entries = in.readUnsignedShort();
                    for (int e = 0; e < entries; e++) {
                        in.skipNBytes(2);
                        line = Math.min(line, in.readUnsignedShort());
                    }
                } else {
                    in.skipNBytes(codeLength);
                }
            }
        }
        return line;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt());
        }
    }
}
