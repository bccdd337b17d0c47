package dev.barrage.protocol.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.PhaseTimes;
import dev.barrage.protocol.stats.EndpointTotals;
import org.HdrHistogram.Histogram;
import dev.barrage.protocol.stats.RunStatistics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolCodecTest {

    @Test
    void theIntervalExampleDecodesToItsKnownContent() throws Exception {
        IntervalMessage m = (IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval"));
        IntervalReport r = m.report();
        assertThat(m.runId()).isEqualTo("run-42");
        assertThat(r.runnerId()).isEqualTo("run-42-r0");
        assertThat(r.sequence()).isEqualTo(7);
        assertThat(r.users()).isEqualTo(25);
        // the example predates userMillis: the user count held for the interval stands in for it
        assertThat(r.userMillis()).isEqualTo(25 * 1000);
        assertThat(r.endpoints()).extracting(e -> e.key().toString()).containsExactly("GET /items/[id]", "POST /cart");
        EndpointInterval items = r.endpoints().getFirst();
        // the example's histogram holds 812, 954, 1020, 1107, 1530, 2210, 48500 µs
        assertThat(items.histogram().getTotalCount()).isEqualTo(7);
        assertThat(items.histogram().getValueAtPercentile(50)).isBetween(1107L, 1108L);
        assertThat(items.histogram().getMaxValue()).isBetween(48_500L, 48_530L);
        assertThat(r.errors()).containsEntry(new ErrorKey("GET", "/items/[id]", "HTTP 500 Internal Server Error"), 1L);
        assertThat(r.exceptions()).hasSize(1);

        RunStatistics stats = new RunStatistics(r.startEpochMillis(), false);
        stats.accept(r);
        assertThat(stats.aggregated().requests()).isEqualTo(10);
        assertThat(stats.aggregated().maxMillis()).isEqualTo(120.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval", "interval-open-model", "interval-phases", "status-ready", "status-stopped", "status-failed", "command-start",
            "command-set-users", "command-stop"})
    void everyExampleSurvivesARoundTrip(String name) throws Exception {
        ProtocolMessage decoded = ProtocolCodec.decode(ProtocolCodec.example(name));
        ProtocolMessage again = ProtocolCodec.decode(ProtocolCodec.encode(decoded));
        if (decoded instanceof IntervalMessage a && again instanceof IntervalMessage b) {
            assertThat(b.report().endpoints()).usingRecursiveComparison().ignoringFields("histogram", "phases.histograms")
                    .isEqualTo(a.report().endpoints());
            for (int i = 0; i < a.report().endpoints().size(); i++) {
                assertThat(b.report().endpoints().get(i).histogram()).isEqualTo(a.report().endpoints().get(i).histogram());
                if (a.report().endpoints().get(i).phases() != null) {
                    assertThat(b.report().endpoints().get(i).phases().histograms())
                            .containsExactly(a.report().endpoints().get(i).phases().histograms());
                }
            }
            assertThat(b.report().errors()).isEqualTo(a.report().errors());
            assertThat(b.report().exceptions()).isEqualTo(a.report().exceptions());
            assertThat(b.report().userMillis()).isEqualTo(a.report().userMillis());
            assertThat(b.report().iterations()).isEqualTo(a.report().iterations());
        } else {
            assertThat(again).isEqualTo(decoded);
        }
    }

    @Test
    void anOpenModelIntervalCarriesItsIterationsAndOlderRecordsDecodeWithout() throws Exception {
        IntervalReport open = ((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval-open-model"))).report();
        assertThat(open.iterations()).isEqualTo(new dev.barrage.protocol.IterationCounts(10, 40));
        assertThat(open.iterations().due()).isEqualTo(50);
        assertThat(open.userMillis()).isEqualTo(24_500);
        // the first example predates the field: a closed-model report, or an open one from an older runner
        IntervalReport old = ((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval"))).report();
        assertThat(old.iterations()).isNull();
        assertThat(new String(ProtocolCodec.encode(new IntervalMessage("run-42", old)), StandardCharsets.UTF_8))
                .doesNotContain("iterations");

        RunStatistics stats = new RunStatistics(old.startEpochMillis(), false);
        stats.accept(old);
        assertThat(stats.iterations()).isNull();
        stats.accept(open);
        stats.accept(open.withIterations(new dev.barrage.protocol.IterationCounts(7, 0))); // a repeat: ignored
        assertThat(stats.iterations()).isEqualTo(new dev.barrage.protocol.IterationCounts(10, 40));
        assertThat(stats.droppedBetweenEpochMillis()).containsExactly(1795444511000L, 1795444512000L);
        // over the intervals that had iterations due (the closed-model one before does not count): 50 due in 1 s
        assertThat(stats.targetIterationRate()).isEqualTo(50.0);
        assertThat(stats.achievedIterationRate()).isEqualTo(10.0);

        byte[] bad = new String(ProtocolCodec.example("interval-open-model"), StandardCharsets.UTF_8)
                .replace("\"dropped\": 40", "\"dropped\": -1").getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowable(() -> ProtocolCodec.decode(bad))).hasMessageContaining("field 'dropped' is -1");
    }

    @Test
    void anEndpointsPhaseTimesTravelWithItAndMergeAcrossRunners() throws Exception {
        IntervalReport r = ((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval-phases"))).report();
        // the example: 4 requests, the last on a new connection (resolve 310, connect 420, TLS 1800 µs), the others
        // on a kept-alive one; TTFB 1100, 2400, 820, 12000 µs. The redis endpoint was measured: no phases.
        EndpointInterval items = r.endpoints().getFirst();
        assertThat(items.phases().newConnections()).isEqualTo(1);
        assertThat(items.phases().reusedConnections()).isEqualTo(3);
        assertThat(items.phases().timedRequests()).isEqualTo(4);
        assertThat(r.endpoints().get(1).phases()).isNull();
        assertThat(ProtocolCodec.decode(ProtocolCodec.example("interval")))
                .satisfies(m -> assertThat(((IntervalMessage) m).report().endpoints()).allSatisfy(e -> assertThat(e.phases()).isNull()));

        IntervalReport other = new IntervalReport("run-42-r2", 3, r.startEpochMillis(), r.endEpochMillis(), 4,
                r.endpoints(), r.errors(), r.exceptions());
        RunStatistics stats = new RunStatistics(r.startEpochMillis(), false);
        stats.accept(r);
        stats.accept(other);
        var phases = stats.endpoints().get(items.key()).phases();
        assertThat(phases.timedRequests()).isEqualTo(8);
        assertThat(phases.newConnections()).isEqualTo(2);
        assertThat(phases.reusedConnections()).isEqualTo(6);
        // sorted TTFBs of both runners: 820 820 1100 1100 2400 2400 12000 12000
        assertThat(phases.medianMillis(Phase.TTFB)).isEqualTo(1.1);
        assertThat(phases.percentileMillis(Phase.TTFB, 0.95)).isCloseTo(12.0, within(0.012));
        assertThat(phases.medianMillis(Phase.CONNECT)).isZero();
        assertThat(phases.maxMillis(Phase.TLS)).isEqualTo(1.8);
        assertThat(stats.aggregated().phases().timedRequests()).as("the measured endpoint has none").isEqualTo(8);
        assertThat(stats.endpoints().get(new dev.barrage.protocol.EndpointKey("redis", "GET cart")).phases()).isNull();
    }

    @Test
    void phaseHistogramsThatDisagreeWithEachOtherOrTheRequestsAreRefused() throws Exception {
        IntervalReport r = ((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval-phases"))).report();
        EndpointInterval items = r.endpoints().getFirst();
        Histogram[] shortOne = items.phases().histograms().clone();
        shortOne[Phase.SEND.ordinal()] = histogram(12, 15, 10);
        assertThatThrownBy(() -> ProtocolCodec.decode(encode(r, items, new PhaseTimes(1, 3, shortOne))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("GET /items/[id]: the send histogram holds 3 values, the resolve histogram 4");
        Histogram[] tooMany = new Histogram[Phase.all().length];
        java.util.Arrays.setAll(tooMany, i -> histogram(1, 2, 3, 4, 5));
        assertThatThrownBy(() -> ProtocolCodec.decode(encode(r, items, new PhaseTimes(5, 0, tooMany))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("the resolve histogram holds 5 values for 4 requests");
        String missing = new String(ProtocolCodec.example("interval-phases"), StandardCharsets.UTF_8)
                .replace("\"receive\": ", "\"receiving\": ");
        assertThatThrownBy(() -> ProtocolCodec.decode(missing.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("missing field 'receive'");
        String negative = new String(ProtocolCodec.example("interval-phases"), StandardCharsets.UTF_8)
                .replace("\"newConnections\": 1", "\"newConnections\": -1");
        assertThatThrownBy(() -> ProtocolCodec.decode(negative.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("field 'newConnections' is -1");
    }

    private static Histogram histogram(long... micros) {
        Histogram h = EndpointTotals.newHistogram();
        for (long v : micros) {
            h.recordValue(v);
        }
        return h;
    }

    private static byte[] encode(IntervalReport r, EndpointInterval e, PhaseTimes phases) {
        EndpointInterval changed = new EndpointInterval(e.key(), e.requests(), e.failures(), e.sumMicros(), e.minMicros(),
                e.maxMicros(), e.bytes(), e.histogram(), phases);
        return ProtocolCodec.encode(new IntervalMessage("run-42", new IntervalReport(r.runnerId(), r.sequence(),
                r.startEpochMillis(), r.endEpochMillis(), r.users(), List.of(changed), r.errors(), r.exceptions())));
    }

    @Test
    void commandsAndStatusesDecodeToTheirFields() throws Exception {
        assertThat(ProtocolCodec.decode(ProtocolCodec.example("command-start")))
                .isEqualTo(RunnerCommand.start("run-42", 50, 10, 30));
        assertThat(ProtocolCodec.decode(ProtocolCodec.example("status-failed"))).isEqualTo(new RunnerStatus(
                "run-42", "run-42-r1", RunnerStatus.State.FAILED, 1795444509500L, -1, "Shop.java:12:17: cannot find symbol"));
    }

    static List<org.junit.jupiter.params.provider.Arguments> malformed() {
        return java.util.stream.Stream.of(
                new String[] {"", "empty message"},
                new String[] {"[1,2]", "not a JSON object"},
                new String[] {"{\"v\":1,\"type\":\"command\"}", "unsupported protocol version 1"},
                new String[] {"{\"v\":2,\"type\":\"gossip\",\"runId\":\"r\"}", "unknown message type 'gossip'"},
                new String[] {"{\"v\":2,\"type\":\"command\",\"runId\":\"r\",\"kind\":\"PAUSE\",\"users\":1,\"spawnRate\":1,\"runTimeSeconds\":0}", "'PAUSE', not one of"},
                new String[] {"{\"v\":2,\"type\":\"command\",\"runId\":\"r\",\"kind\":\"START\",\"users\":-5,\"spawnRate\":1,\"runTimeSeconds\":0}", "field 'users' is -5"},
                new String[] {"{\"v\":2,\"type\":\"command\",\"runId\":\"r\",\"kind\":\"START\",\"users\":5,\"spawnRate\":0,\"runTimeSeconds\":0}", "spawnRate must be positive"},
                new String[] {"{\"v\":2,\"type\":\"status\",\"runId\":\"r\"}", "missing field 'runnerId'"},
                new String[] {"{not json", "not JSON"})
                .map(a -> org.junit.jupiter.params.provider.Arguments.of(a[0], a[1])).toList();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("malformed")
    void malformedMessagesAreRefusedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> ProtocolCodec.decode(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(reason);
    }

    @Test
    void anIntervalWhoseHistogramDisagreesWithItsCountIsRefused() {
        String json = new String(ProtocolCodec.example("interval"), StandardCharsets.UTF_8)
                .replace("\"requests\": 7", "\"requests\": 9");
        assertThatThrownBy(() -> ProtocolCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("histogram holds 7 values for 9 requests");
    }

    /** Fuzz: flipped bytes, cut records and spliced garbage either decode or are refused; nothing else escapes. */
    @Test
    void mutatedRecordsNeverEscapeAsAnythingButProtocolException() {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> names = List.of("interval", "status-ready", "command-start");
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = ProtocolCodec.example(names.get(random.nextInt(names.size()))).clone();
            switch (random.nextInt(3)) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                default -> {
                    int at = random.nextInt(bytes.length);
                    byte[] garbage = new byte[1 + random.nextInt(16)];
                    random.nextBytes(garbage);
                    System.arraycopy(garbage, 0, bytes, at, Math.min(garbage.length, bytes.length - at));
                }
            }
            byte[] input = bytes;
            Throwable t = catchThrowable(() -> ProtocolCodec.decode(input));
            assertThat(t).as("mutation %d", i).satisfiesAnyOf(
                    x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(ProtocolException.class));
        }
    }
}
