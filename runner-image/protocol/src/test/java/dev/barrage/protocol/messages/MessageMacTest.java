package dev.barrage.protocol.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageMacTest {

    @ParameterizedTest
    @ValueSource(strings = {"interval", "interval-open-model", "interval-phases", "status-ready", "status-stopped", "status-failed",
            "command-start", "command-set-users", "command-stop"})
    void everyExampleHasItsKnownMacAndNoOtherRecordDoes(String name) {
        byte[] key = ProtocolCodec.exampleKey();
        byte[] value = ProtocolCodec.example(name);
        MessageMac.Direction direction = name.startsWith("command") ? MessageMac.Direction.COMMAND
                : MessageMac.Direction.REPORT;
        MessageMac.Direction other = direction == MessageMac.Direction.COMMAND ? MessageMac.Direction.REPORT
                : MessageMac.Direction.COMMAND;
        byte[] mac = ProtocolCodec.exampleMac(name);
        assertThat(MessageMac.mac(key, direction, "run-42", value)).isEqualTo(mac);
        assertThat(MessageMac.verify(key, direction, "run-42", value, mac)).isTrue();

        assertThat(MessageMac.verify(key, other, "run-42", value, mac)).as("the other direction").isFalse();
        assertThat(MessageMac.verify(key, direction, "run-43", value, mac)).as("another run's id").isFalse();
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertThat(MessageMac.verify(otherKey, direction, "run-42", value, mac)).as("another run's key").isFalse();
        byte[] changed = new String(value, StandardCharsets.UTF_8).replace("run-42", "run-43").getBytes(StandardCharsets.UTF_8);
        assertThat(MessageMac.verify(key, direction, "run-42", changed, mac)).as("changed bytes").isFalse();
        assertThat(MessageMac.verify(key, direction, "run-42", value, null)).as("no MAC").isFalse();
        assertThat(MessageMac.verify(key, direction, "run-42", value, new byte[3])).as("a short MAC").isFalse();
    }
}
