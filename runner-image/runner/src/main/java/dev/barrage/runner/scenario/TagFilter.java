package dev.barrage.runner.scenario;

import java.util.Set;

/**
 * Locust's {@code --tags} and {@code --exclude-tags}: with tags, only tasks having one of them run; tasks having an
 * excluded tag never run. A task set is kept while any of its tasks is.
 *
 * @param include null or empty: every task
 */
public record TagFilter(Set<String> include, Set<String> exclude) {
    public static final TagFilter ALL = new TagFilter(Set.of(), Set.of());

    public TagFilter {
        include = include == null ? Set.of() : Set.copyOf(include);
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    }

    boolean selects(Set<String> tags) {
        if (!include.isEmpty() && tags.stream().noneMatch(include::contains)) {
            return false;
        }
        return tags.stream().noneMatch(exclude::contains);
    }

    public boolean isAll() {
        return include.isEmpty() && exclude.isEmpty();
    }

    @Override
    public String toString() {
        return (include.isEmpty() ? "" : "--tags " + String.join(" ", include))
                + (include.isEmpty() || exclude.isEmpty() ? "" : " ")
                + (exclude.isEmpty() ? "" : "--exclude-tags " + String.join(" ", exclude));
    }
}
