package dev.barrage.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlReportTicksTest {
    @Test
    void theTimeAxisHasAtMostSixRoundTicks() {
        assertThat(HtmlReport.tickSeconds(3)).isEqualTo(1);
        assertThat(HtmlReport.tickSeconds(30)).isEqualTo(5);
        assertThat(HtmlReport.tickSeconds(31)).isEqualTo(10);
        assertThat(HtmlReport.tickSeconds(300)).isEqualTo(60);
        assertThat(HtmlReport.tickSeconds(5400)).isEqualTo(900);
        for (double run : new double[] {0.5, 7, 59, 61, 599, 3601, 86_400}) {
            assertThat(run / HtmlReport.tickSeconds(run)).as("ticks over %s s", run).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void labelsReadAsSecondsMinutesOrMinutesAndSeconds() {
        assertThat(HtmlReport.tickLabel(0)).isEqualTo("0 s");
        assertThat(HtmlReport.tickLabel(45)).isEqualTo("45 s");
        assertThat(HtmlReport.tickLabel(120)).isEqualTo("2 min");
        assertThat(HtmlReport.tickLabel(90)).isEqualTo("1:30");
    }
}
