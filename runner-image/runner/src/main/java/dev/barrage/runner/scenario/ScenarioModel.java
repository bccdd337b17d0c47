package dev.barrage.runner.scenario;

import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.User;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The runnable content of a scenario: its user classes. */
public record ScenarioModel(String file, List<UserClassModel> userClasses) {

    public static ScenarioModel of(CompiledScenario compiled) throws ScenarioException {
        String file = compiled.source().getFileName().toString();
        List<UserClassModel> users = new ArrayList<>();
        for (Class<?> c : compiled.classes()) {
            if (User.class.isAssignableFrom(c) && c != User.class && c != HttpUser.class
                    && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass() && !c.isLocalClass()) {
                users.add(UserClassModel.of(c.asSubclass(User.class), file));
            }
        }
        if (users.isEmpty()) {
            throw new ScenarioException("no user class in " + file
                    + ": a scenario needs at least one non-abstract class that extends HttpUser (or User)");
        }
        users.sort(Comparator.comparing(UserClassModel::name));
        return new ScenarioModel(file, List.copyOf(users));
    }
}
