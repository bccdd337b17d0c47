package dev.barrage.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.scenario.UserClassModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserClassPickerTest {

    @Test
    void everyPrefixOfTheRampFollowsTheWeightsToWithinOneUser() throws Exception {
        List<UserClassModel> classes = List.of(model(Heavy.class), model(Light.class), model(Medium.class));
        UserClassPicker picker = new UserClassPicker(classes);
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= 60; n++) {
            counts.merge(picker.next().name(), 1, Integer::sum);
            // weights 3 : 1 : 2 out of 6
            assertThat(Math.abs(counts.getOrDefault("Heavy", 0) - n * 3 / 6.0)).isLessThanOrEqualTo(1.0);
            assertThat(Math.abs(counts.getOrDefault("Light", 0) - n * 1 / 6.0)).isLessThanOrEqualTo(1.0);
            assertThat(Math.abs(counts.getOrDefault("Medium", 0) - n * 2 / 6.0)).isLessThanOrEqualTo(1.0);
        }
        assertThat(counts).containsEntry("Heavy", 30).containsEntry("Light", 10).containsEntry("Medium", 20);
    }

    private static UserClassModel model(Class<?> type) throws Exception {
        var of = UserClassModel.class.getDeclaredMethod("of", Class.class, String.class);
        of.setAccessible(true);
        return (UserClassModel) of.invoke(null, type, "Test.java");
    }

    @dev.barrage.scenario.Weight(3)
    static class Heavy extends dev.barrage.scenario.User {
        @dev.barrage.scenario.Task
        void t() {}
    }

    static class Light extends dev.barrage.scenario.User {
        @dev.barrage.scenario.Task
        void t() {}
    }

    @dev.barrage.scenario.Weight(2)
    static class Medium extends dev.barrage.scenario.User {
        @dev.barrage.scenario.Task
        void t() {}
    }

}
