package dev.barrage.runner.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The allow list of what hosted scenario code may call in the JDK and the scenario API, by class-file names
 * ({@code java/lang/System}). What is not on it is refused. A rule names a package ({@code java/util/*}, or with its
 * subpackages {@code java/time/**}), a class (a glob such as {@code java/io/*Exception}; nested classes go with their
 * outer class), or a member ({@code java/lang/System.exit}, optionally with the start of its descriptor,
 * {@code java/io/PrintStream.<init>(Ljava/lang/String;}); the most specific rule decides.
 *
 * <p>A {@code //DEPS} library is held to the same list, except for the groups that something below the JVM or the
 * runner contains anyway: sockets (the network allows only the run's targets), threads (the runner's thread limit),
 * reflection, class loading from its own jars, {@code System.getProperty} (the runner's properties hold no
 * credentials) and JMX registration (as commons-pool2 does it). Never, anywhere: the environment (it holds the run's
 * credentials), files, processes, exiting, native code and memory access, class definition, JNDI, {@code java.beans},
 * JDBC connections, and the JVM's management and attach interfaces.
 */
final class HostedRules {
    /** Whose code refers to the API: the scenario's own classes, or a jar of its dependencies. */
    enum Scope { SCENARIO, DEPENDENCY }

    /** Why a group of APIs is closed, and what to use instead. */
    enum Reason {
        EXIT("a scenario cannot end the runner: throw new StopUser() to stop a user; the run ends at its duration or "
                + "when it is stopped"),
        PROCESS("a scenario cannot start or reach other processes"),
        FILES("a hosted scenario reads only the data files uploaded with it, with Feeder.csv(\"name.csv\")"),
        THREADS("scenario code runs on its users' threads: use background(...) for work beside a user, and more users "
                + "for more concurrency"),
        NATIVE("reflection, class loading and native code would reach around these rules"),
        JVM("it reaches into the runner's JVM or another one"),
        GLOBAL("it changes the whole runner (its streams, properties, defaults or exit handling), not just this scenario"),
        URL("send HTTP requests with client (the user's HTTP client), whose requests are counted and go only to the "
                + "run's targets"),
        ENVIRONMENT("the runner's environment and system properties are the platform's, not the scenario's (they hold "
                + "the run's credentials): pass settings as run parameters and read them with parameter(\"KEY\")"),
        NETWORK("a hosted scenario reaches its targets with client (HTTP) or through a //DEPS client library such as "
                + "Jedis (other protocols), not with sockets of its own"),
        JNDI("JNDI and RMI look up and load objects named by a string, from servers outside the run"),
        SQL("JDBC drivers are loaded by name and connect outside the run's targets: load-test a database through a "
                + "//DEPS client library that keeps to these rules"),
        INTERNAL("it is the runner's side of the scenario API, not for scenario code: use the API's classes "
                + "(User, HttpUser, Feeder, ...)"),
        NOT_LISTED("it is not on the list of what hosted scenario code may use (the JDK's language, collections, text, "
                + "time, math, concurrency and stream classes, and the scenario API: client, background(...), "
                + "Feeder, parameter(...)); see docs/scenarios.md");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /** One rule: open (reason null) or closed for a reason, and if closed whether dependencies may use it anyway. */
    private record Rule(Pattern classes, int literal, String member, String descriptor, Reason reason,
            boolean dependenciesMay) {
        boolean matchesMember(String name, String desc) {
            if (member == null) {
                return true;
            }
            boolean named = member.endsWith("*") ? name.startsWith(member.substring(0, member.length() - 1))
                    : member.startsWith("*") ? name.endsWith(member.substring(1)) : name.equals(member);
            return named && (descriptor == null || (desc != null && desc.startsWith(descriptor)));
        }

        /** Members over classes, exact classes over globs, longer names over shorter ones. */
        int specificity(boolean onOuterClass) {
            return (member != null ? 100_000 : 0) + (descriptor != null ? 50_000 : 0) + (onOuterClass ? 0 : 1_000)
                    + literal;
        }
    }

    private static final List<Rule> RULES = new ArrayList<>();

    private static void open(String... patterns) {
        for (String p : patterns) {
            RULES.add(rule(p, null, true));
        }
    }

    private static void closed(Reason reason, String... patterns) {
        for (String p : patterns) {
            RULES.add(rule(p, reason, false));
        }
    }

    /** Closed to the scenario's own code, open to its dependencies (contained elsewhere, see the class comment). */
    private static void dependenciesOnly(Reason reason, String... patterns) {
        for (String p : patterns) {
            RULES.add(rule(p, reason, true));
        }
    }

    private static Rule rule(String pattern, Reason reason, boolean dependenciesMay) {
        String classPart = pattern;
        String member = null;
        String descriptor = null;
        int dot = pattern.indexOf('.');
        if (dot >= 0) {
            classPart = pattern.substring(0, dot);
            member = pattern.substring(dot + 1);
            int paren = member.indexOf('(');
            if (paren >= 0) {
                descriptor = member.substring(paren);
                member = member.substring(0, paren);
            }
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < classPart.length(); i++) {
            char c = classPart.charAt(i);
            if (c != '*') {
                regex.append(Pattern.quote(String.valueOf(c)));
            } else if (i + 1 < classPart.length() && classPart.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else {
                regex.append("[^/]*");
            }
        }
        int literal = classPart.replace("*", "").length();
        return new Rule(Pattern.compile(regex.toString()), literal, member, descriptor, reason, dependenciesMay);
    }

    static {
        // the language, collections, text, time, math and concurrency
        open("java/lang/Object", "java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer",
                "java/lang/CharSequence", "java/lang/Character", "java/lang/Boolean", "java/lang/Byte",
                "java/lang/Short", "java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double",
                "java/lang/Number", "java/lang/Math", "java/lang/StrictMath", "java/lang/Enum", "java/lang/Record",
                "java/lang/Iterable", "java/lang/Comparable", "java/lang/Runnable", "java/lang/AutoCloseable",
                "java/lang/Appendable", "java/lang/Readable", "java/lang/Cloneable", "java/lang/Void",
                "java/lang/Throwable", "java/lang/*Exception", "java/lang/*Error", "java/lang/StackTraceElement",
                "java/lang/ThreadLocal", "java/lang/InheritableThreadLocal", "java/lang/ScopedValue",
                "java/lang/Override", "java/lang/Deprecated", "java/lang/SuppressWarnings",
                "java/lang/FunctionalInterface", "java/lang/SafeVarargs", "java/lang/annotation/*",
                "java/lang/constant/*", "java/lang/runtime/*", "java/lang/ref/*", "java/lang/Runtime$Version",
                "java/lang/RuntimePermission");
        open("java/util/*", "java/util/function/*", "java/util/stream/*", "java/util/regex/*",
                "java/util/concurrent/*", "java/util/concurrent/atomic/*", "java/util/concurrent/locks/*",
                "java/util/zip/*", "java/util/logging/*", "java/time/**", "java/math/*", "java/text/*",
                "java/nio/*", "java/nio/charset/*", "java/security/*", "java/security/spec/*",
                "java/security/interfaces/*", "java/security/cert/*", "javax/crypto/*", "javax/crypto/spec/*",
                "java/security/AccessController");
        // streams in memory and over other streams; not the ones that open files by name
        open("java/io/InputStream", "java/io/OutputStream", "java/io/Reader", "java/io/Writer",
                "java/io/ByteArray*", "java/io/String*", "java/io/CharArray*", "java/io/Buffered*",
                "java/io/InputStreamReader", "java/io/OutputStreamWriter", "java/io/Data*", "java/io/Filter*",
                "java/io/Pushback*", "java/io/SequenceInputStream", "java/io/LineNumberReader", "java/io/Piped*",
                "java/io/PrintStream", "java/io/PrintWriter", "java/io/*Exception", "java/io/*Error",
                "java/io/Closeable", "java/io/Flushable", "java/io/Serializable", "java/io/Externalizable",
                "java/io/Serial", "java/io/ObjectStreamException", "java/io/ObjectInput", "java/io/ObjectOutput");
        open("java/net/URI", "java/net/URLEncoder", "java/net/URLDecoder", "java/net/URL", "java/net/*Exception",
                "java/net/IDN", "java/net/HttpCookie", "java/net/SocketAddress", "java/net/StandardSocketOptions",
                "java/net/SocketOption", "java/net/StandardProtocolFamily", "java/net/ProtocolFamily");
        open("java/sql/Date", "java/sql/Time", "java/sql/Timestamp", "java/sql/*Exception", "java/sql/Types");
        // what javac writes for lambdas, string concatenation, records and switches
        open("java/lang/invoke/LambdaMetafactory", "java/lang/invoke/StringConcatFactory",
                "java/lang/invoke/ConstantBootstraps");
        open("dev/barrage/scenario/**");

        open("java/lang/System.nanoTime", "java/lang/System.currentTimeMillis", "java/lang/System.arraycopy",
                "java/lang/System.identityHashCode", "java/lang/System.lineSeparator", "java/lang/System.out",
                "java/lang/System.err", "java/lang/System.getSecurityManager");
        open("java/lang/Runtime.getRuntime", "java/lang/Runtime.availableProcessors", "java/lang/Runtime.freeMemory",
                "java/lang/Runtime.totalMemory", "java/lang/Runtime.maxMemory", "java/lang/Runtime.version");
        open("java/lang/Thread", "java/lang/Class");

        closed(Reason.EXIT, "java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt",
                "java/lang/Runtime.addShutdownHook", "java/lang/Runtime.removeShutdownHook");
        closed(Reason.PROCESS, "java/lang/Runtime.exec", "java/lang/ProcessBuilder", "java/lang/Process",
                "java/lang/ProcessHandle", "java/lang/System.console", "java/lang/System.inheritedChannel",
                "java/io/Console");
        closed(Reason.ENVIRONMENT, "java/lang/System.getenv", "java/lang/System.getProperties");
        dependenciesOnly(Reason.ENVIRONMENT, "java/lang/System.getProperty", "java/lang/Integer.getInteger",
                "java/lang/Long.getLong", "java/lang/Boolean.getBoolean");
        closed(Reason.GLOBAL, "java/lang/System.setIn", "java/lang/System.setOut", "java/lang/System.setErr",
                "java/lang/System.setProperty", "java/lang/System.setProperties", "java/lang/System.clearProperty",
                "java/lang/System.setSecurityManager", "java/lang/Thread.setDefaultUncaughtExceptionHandler",
                "java/util/Locale.setDefault", "java/util/TimeZone.setDefault", "java/security/Security",
                "java/net/URL.setURLStreamHandlerFactory", "java/net/URLStreamHandler*",
                "java/net/URLConnection.setDefault*", "java/net/URLConnection.setContentHandlerFactory");
        dependenciesOnly(Reason.GLOBAL, "java/util/logging/LogManager");

        closed(Reason.FILES, "java/io/File*", "java/io/RandomAccessFile", "java/nio/file/**",
                "java/nio/channels/FileChannel", "java/nio/channels/AsynchronousFileChannel", "java/util/zip/ZipFile",
                "java/util/jar/**", "java/util/prefs/**", "java/util/logging/FileHandler",
                "java/io/PrintStream.<init>(Ljava/lang/String;", "java/io/PrintStream.<init>(Ljava/io/File;",
                "java/io/PrintWriter.<init>(Ljava/lang/String;", "java/io/PrintWriter.<init>(Ljava/io/File;",
                "java/util/Formatter.<init>(Ljava/lang/String;", "java/util/Formatter.<init>(Ljava/io/File;",
                "java/util/Formatter.<init>(Ljava/nio", "java/util/Scanner.<init>(Ljava/io/File;",
                "java/util/Scanner.<init>(Ljava/nio/file", "java/security/KeyStore$Builder",
                "java/security/KeyStore.getInstance(Ljava/io/File;", "dev/barrage/scenario/spi/DataFiles");
        dependenciesOnly(Reason.FILES, "java/lang/Class.getResource", "java/lang/Class.getResourceAsStream");
        closed(Reason.URL, "java/net/URL.openConnection", "java/net/URL.openStream", "java/net/URL.getContent");
        dependenciesOnly(Reason.URL, "java/net/http/**");

        dependenciesOnly(Reason.THREADS, "java/lang/Thread.<init>", "java/lang/Thread.start",
                "java/lang/Thread.ofPlatform", "java/lang/Thread.ofVirtual", "java/lang/Thread.startVirtualThread",
                "java/lang/Thread.setDaemon", "java/lang/Thread.setName", "java/lang/Thread.setPriority",
                "java/lang/Thread.setUncaughtExceptionHandler", "java/lang/Thread$Builder", "java/lang/ThreadGroup",
                "java/util/concurrent/Executors", "java/util/concurrent/ThreadPoolExecutor",
                "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoin*",
                "java/util/concurrent/RecursiveTask", "java/util/concurrent/RecursiveAction",
                "java/util/concurrent/CountedCompleter", "java/util/concurrent/SubmissionPublisher",
                "java/util/concurrent/StructuredTaskScope", "java/util/concurrent/CompletableFuture.*Async",
                "java/util/concurrent/CompletableFuture.delayedExecutor", "java/util/Timer", "java/lang/ref/Cleaner",
                // parallel streams and sorts run on the common fork-join pool
                "java/util/*.parallel*", "java/util/stream/*.parallel*");
        closed(Reason.JVM, "java/lang/Thread.getAllStackTraces", "java/lang/Thread.stop", "java/lang/Thread.suspend",
                "java/lang/Thread.resume", "java/lang/System.gc", "java/lang/System.runFinalization",
                "java/lang/Runtime.gc", "java/lang/management/**", "javax/management/**", "com/sun/management/**",
                "com/sun/tools/attach/**", "com/sun/jdi/**", "jdk/jshell/**", "javax/tools/**",
                "java/lang/instrument/**", "jdk/jfr/**");
        // commons-pool2 (under Jedis) registers its pools as MBeans; it cannot read or call other MBeans
        dependenciesOnly(Reason.JVM, "java/lang/management/ManagementFactory.getPlatformMBeanServer",
                "javax/management/MBeanServer.registerMBean", "javax/management/MBeanServer.unregisterMBean",
                "javax/management/MBeanServer.isRegistered", "javax/management/ObjectName",
                "javax/management/*Exception");

        closed(Reason.NATIVE, "java/lang/System.load", "java/lang/System.loadLibrary",
                "java/lang/System.mapLibraryName", "java/lang/Runtime.load", "java/lang/Runtime.loadLibrary",
                "java/lang/foreign/**", "sun/**", "jdk/internal/**", "com/sun/**", "javax/script/**",
                "java/beans/**", "java/net/URLClassLoader", "java/security/SecureClassLoader",
                "java/lang/ClassLoader.<init>", "java/lang/ClassLoader.defineClass*",
                "java/lang/ClassLoader.getSystemClassLoader", "java/lang/invoke/MethodHandles$Lookup.defineClass*",
                "java/lang/invoke/MethodHandles$Lookup.defineHiddenClass*", "java/util/spi/**",
                "java/net/spi/**", "java/nio/charset/spi/**");
        dependenciesOnly(Reason.NATIVE, "java/lang/reflect/**", "java/lang/invoke/**", "java/lang/ClassLoader",
                "java/lang/Module", "java/lang/ModuleLayer", "java/lang/Package", "java/lang/StackWalker",
                "java/lang/SecurityManager", "java/lang/ClassValue", "java/util/ServiceLoader",
                "java/util/ResourceBundle", "java/io/ObjectInputStream", "java/io/ObjectOutputStream",
                "java/io/ObjectStreamClass", "java/lang/Class.forName", "java/lang/Class.newInstance",
                "java/lang/Class.getDeclared*", "java/lang/Class.getMethod", "java/lang/Class.getMethods",
                "java/lang/Class.getField", "java/lang/Class.getFields", "java/lang/Class.getConstructor",
                "java/lang/Class.getConstructors", "java/lang/Class.getEnclosing*",
                "java/lang/Class.getRecordComponents", "java/lang/Class.getClassLoader", "java/lang/Class.getModule",
                "java/lang/Class.getPackage", "java/lang/Class.getProtectionDomain", "java/lang/Class.getNest*",
                "java/lang/Class.getPermittedSubclasses", "java/lang/Thread.getContextClassLoader",
                "java/lang/Thread.setContextClassLoader", "java/lang/Class.getGeneric*",
                "java/lang/Class.getTypeParameters");

        dependenciesOnly(Reason.NETWORK, "java/net/**", "javax/net/**", "java/nio/channels/**");
        open("java/nio/channels/Channels", "java/nio/channels/*Exception", "java/nio/channels/ReadableByteChannel",
                "java/nio/channels/WritableByteChannel", "java/nio/channels/ByteChannel", "java/nio/channels/Channel");
        closed(Reason.JNDI, "javax/naming/**", "java/rmi/**", "javax/rmi/**");
        closed(Reason.SQL, "java/sql/DriverManager", "java/sql/Driver", "java/sql/DriverAction", "javax/sql/**");
        dependenciesOnly(Reason.SQL, "java/sql/Connection", "java/sql/*Statement", "java/sql/ResultSet*");
        closed(Reason.INTERNAL, "dev/barrage/scenario/spi/**");
        closed(Reason.FILES, "dev/barrage/scenario/spi/DataFiles");
    }

    private HostedRules() {}

    /** A rule that covers a class, by its own name or its outer class's. */
    private record OnClass(Rule rule, boolean onOuter) {}

    private static final Map<String, List<OnClass>> BY_CLASS = new ConcurrentHashMap<>();

    private static List<OnClass> rulesOf(String owner) {
        int nested = owner.indexOf('$');
        String outer = nested < 0 ? owner : owner.substring(0, nested);
        List<OnClass> found = new ArrayList<>();
        for (Rule rule : RULES) {
            boolean onOwner = rule.classes().matcher(owner).matches();
            if (onOwner || (nested >= 0 && rule.classes().matcher(outer).matches())) {
                found.add(new OnClass(rule, !onOwner));
            }
        }
        return List.copyOf(found);
    }

    /** Why {@code owner.name} (a JDK or scenario API member) may not be used from code of this scope; empty if it may. */
    static Optional<Reason> refusal(String owner, String name, String descriptor, Scope scope) {
        Rule best = null;
        int bestScore = -1;
        for (OnClass candidate : BY_CLASS.computeIfAbsent(owner, HostedRules::rulesOf)) {
            Rule rule = candidate.rule();
            if (rule.matchesMember(name, descriptor)) {
                int score = rule.specificity(candidate.onOuter());
                if (score >= bestScore) { // a later rule of the same weight wins: the list reads top to bottom
                    best = rule;
                    bestScore = score;
                }
            }
        }
        if (best == null) {
            return Optional.of(Reason.NOT_LISTED);
        }
        if (best.reason() == null || (scope == Scope.DEPENDENCY && best.dependenciesMay())) {
            return Optional.empty();
        }
        return Optional.of(best.reason());
    }
}
