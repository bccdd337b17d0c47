package dev.barrage.runner.scenario;

import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.LoadShape;
import dev.barrage.scenario.TokenProvider;
import dev.barrage.scenario.User;
import dev.barrage.scenario.spi.DataFiles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runnable content of a scenario: its user classes, test hooks, thresholds, and what drives the load when it is
 * not {@code -u}/{@code -r}: a load shape or an arrival rate.
 *
 * @param shape a {@link LoadShape} class, instantiated when the test starts, or null
 * @param arrivalRate the open model's rate, or null for the closed model
 * @param dataFiles the test data files the scenario read while loading (for a bundle)
 */
public record ScenarioModel(String file, List<UserClassModel> userClasses, TestHooks hooks,
        Class<? extends LoadShape> shape, ArrivalRate arrivalRate, List<Threshold> thresholds, List<Path> dataFiles,
        TokenProvider tokenProvider) {

    public ScenarioModel(String file, List<UserClassModel> userClasses) {
        this(file, userClasses, TestHooks.NONE, null, null, List.of(), List.of());
    }

    public ScenarioModel(String file, List<UserClassModel> userClasses, TestHooks hooks,
            Class<? extends LoadShape> shape, ArrivalRate arrivalRate, List<Threshold> thresholds, List<Path> dataFiles) {
        this(file, userClasses, hooks, shape, arrivalRate, thresholds, dataFiles, null);
    }

    public ScenarioModel {
        userClasses = List.copyOf(userClasses);
        thresholds = List.copyOf(thresholds);
        dataFiles = List.copyOf(dataFiles);
    }

    public static ScenarioModel of(CompiledScenario compiled) throws ScenarioException {
        return of(compiled, false);
    }

    /**
     * @param hosted an uploaded scenario: its test data files must be in its own folder (the files uploaded with it),
     *     never {@code ../} or an absolute path
     */
    public static ScenarioModel of(CompiledScenario compiled, boolean hosted) throws ScenarioException {
        String file = compiled.name();
        Set<Path> dataFiles = new LinkedHashSet<>();
        initialize(compiled, dataFiles, hosted);
        List<UserClassModel> users = new ArrayList<>();
        List<Class<? extends LoadShape>> shapes = new ArrayList<>();
        List<Class<? extends ArrivalRate>> rates = new ArrayList<>();
        List<Threshold> thresholds = new ArrayList<>();
        for (Class<?> c : compiled.classes()) {
            boolean concrete = !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass() && !c.isLocalClass();
            if (User.class.isAssignableFrom(c) && c != User.class && c != HttpUser.class && concrete) {
                users.add(UserClassModel.of(c.asSubclass(User.class), file));
            } else if (LoadShape.class.isAssignableFrom(c) && concrete) {
                shapes.add(c.asSubclass(LoadShape.class));
            } else if (ArrivalRate.class.isAssignableFrom(c) && concrete) {
                rates.add(c.asSubclass(ArrivalRate.class));
            }
            for (dev.barrage.scenario.Threshold t : c.getAnnotationsByType(dev.barrage.scenario.Threshold.class)) {
                try {
                    thresholds.add(Threshold.parse(t.value(), t.abortOnFail()));
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(file + ": @Threshold on " + c.getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        if (users.isEmpty()) {
            throw new ScenarioException("no user class in " + file
                    + ": a scenario needs at least one non-abstract class that extends HttpUser (or User)");
        }
        if (shapes.size() + rates.size() > 1) {
            List<String> names = new ArrayList<>();
            shapes.forEach(s -> names.add(s.getSimpleName()));
            rates.forEach(r -> names.add(r.getSimpleName()));
            throw new ScenarioException(file + " has more than one load shape or arrival rate: " + names
                    + "; keep one");
        }
        users.sort(Comparator.comparing(UserClassModel::name));
        Class<? extends LoadShape> shape = shapes.isEmpty() ? null : shapes.getFirst();
        if (shape != null) {
            checkFirstTick(shape, compiled.sourceFiles(), file);
        }
        ArrivalRate rate = rates.isEmpty() ? null : instantiate(rates.getFirst(), compiled.sourceFiles(), file);
        return new ScenarioModel(file, users, TestHooks.of(compiled.classes(), file), shape, rate, thresholds,
                List.copyOf(dataFiles), tokenProvider(compiled, file));
    }

    /** Only the tasks the tags select (Locust's --tags, --exclude-tags); user classes left without tasks are dropped. */
    public ScenarioModel withTags(TagFilter filter) throws ScenarioException {
        if (filter.isAll()) {
            return this;
        }
        List<UserClassModel> kept = new ArrayList<>();
        for (UserClassModel u : userClasses) {
            UserClassModel k = u.filtered(filter);
            if (k != null) {
                kept.add(k);
            }
        }
        if (kept.isEmpty()) {
            throw new ScenarioException("no task of " + file + " is left to run with " + filter);
        }
        return new ScenarioModel(file, kept, hooks, shape, arrivalRate, thresholds, dataFiles, tokenProvider);
    }

    /** A scenario with these thresholds added (from the command line). */
    public ScenarioModel withThresholds(List<Threshold> more) {
        List<Threshold> all = new ArrayList<>(thresholds);
        all.addAll(more);
        return new ScenarioModel(file, userClasses, hooks, shape, arrivalRate, all, dataFiles, tokenProvider);
    }

    /** Every threshold also checked during the run, stopping the test when it fails. */
    public ScenarioModel withAllThresholdsAborting() {
        List<Threshold> aborting = thresholds.stream()
                .map(t -> new Threshold(t.expression(), t.endpoint(), t.metric(), t.comparison(), t.limit(), true,
                        t.windowMillis(), t.abortAfterMillis()))
                .toList();
        return new ScenarioModel(file, userClasses, hooks, shape, arrivalRate, aborting, dataFiles, tokenProvider);
    }

    /** A new instance of the scenario's load shape, whose clock starts now. */
    public LoadShape newShape() {
        try {
            return newInstance(shape);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + shape.getSimpleName() + ": " + e, e);
        }
    }

    /**
     * Runs the static initializers of every class now, as importing a locustfile runs its top-level code: static
     * {@code Feeder.csv(...)} fields read their file next to the scenario, and a failure names its line.
     */
    private static void initialize(CompiledScenario compiled, Set<Path> dataFiles, boolean hosted)
            throws ScenarioException {
        Path dir = compiled.dataFolder();
        String file = compiled.name();
        for (Class<?> c : compiled.classes()) {
            try {
                DataFiles.resolvingWith(name -> {
                    Path data = dir.resolve(name).normalize();
                    if (hosted && !dir.normalize().equals(data.getParent())) {
                        throw new IllegalArgumentException("test data file " + name + " is outside the scenario's "
                                + "folder: a hosted scenario reads only the data files uploaded with it, by their names");
                    }
                    dataFiles.add(data);
                    return data;
                }, () -> Class.forName(c.getName(), true, c.getClassLoader()));
            } catch (ExceptionInInitializerError e) {
                throw new ScenarioException(ScenarioErrors.describe(e.getCause(), compiled.sourceFiles(), file));
            } catch (Exception | LinkageError e) {
                throw new ScenarioException(file + ": cannot load " + c.getName() + ": " + e);
            }
        }
    }

    /** The scenario's one {@link TokenProvider}: a static field of that type in any of its classes, or null. */
    private static TokenProvider tokenProvider(CompiledScenario compiled, String file) throws ScenarioException {
        List<String> where = new ArrayList<>();
        TokenProvider found = null;
        for (Class<?> c : compiled.classes()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (!TokenProvider.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                String name = c.getSimpleName() + "." + f.getName();
                if (!Modifier.isStatic(f.getModifiers())) {
                    throw new ScenarioException(file + ": TokenProvider " + name + " must be static: one token is "
                            + "shared by all users of a runner");
                }
                try {
                    f.setAccessible(true);
                    found = (TokenProvider) f.get(null);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new ScenarioException(file + ": cannot read TokenProvider " + name + ": " + e);
                }
                if (found == null) {
                    throw new ScenarioException(file + ": TokenProvider " + name + " is null");
                }
                where.add(name);
            }
        }
        if (where.size() > 1) {
            throw new ScenarioException(file + " has more than one TokenProvider: " + where + "; keep one");
        }
        return found;
    }

    private static void checkFirstTick(Class<? extends LoadShape> shape, Set<String> files, String file)
            throws ScenarioException {
        LoadShape.Target first;
        try {
            first = instantiate(shape, files, file).tick();
        } catch (RuntimeException e) {
            throw new ScenarioException(ScenarioErrors.describe(e, files, file));
        }
        String problem = ShapeTargets.problem(first);
        if (problem != null) {
            throw new ScenarioException(file + ": " + shape.getSimpleName() + ".tick() " + problem + " at 0 s");
        }
    }

    private static <T> T instantiate(Class<T> type, Set<String> files, String file) throws ScenarioException {
        try {
            return newInstance(type);
        } catch (InvocationTargetException e) {
            throw new ScenarioException(ScenarioErrors.describe(e.getCause(), files, file));
        } catch (ReflectiveOperationException e) {
            throw new ScenarioException(file + ": " + type.getSimpleName() + " needs a constructor without arguments");
        }
    }

    private static <T> T newInstance(Class<T> type) throws ReflectiveOperationException {
        Constructor<T> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }
}
