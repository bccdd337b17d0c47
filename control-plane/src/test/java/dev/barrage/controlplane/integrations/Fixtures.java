package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The documented request shapes under {@code src/test/resources/integrations}. */
public final class Fixtures {
    private Fixtures() {}

    public static JsonNode fixture(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/integrations/" + name + ".json")) {
            return StandIn.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a request body (any object Jackson writes) has the fixture's documented body shape. */
    public static void assertBodyFits(String fixture, Object body) {
        JsonNode json = StandIn.JSON.valueToTree(body);
        assertThat(JsonShape.check(fixture(fixture).get("body"), json)).as(fixture + " for " + json).isEmpty();
    }
}
