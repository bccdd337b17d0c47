package dev.barrage.runner.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.logging.Logger;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves a scenario's {@code //DEPS} with the Maven Resolver, transitively (compile and runtime scopes), from the
 * local repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}) and Maven Central; what is downloaded
 * stays in the local repository, so the next build needs no network.
 */
final class MavenDependencies {
    private static final Logger LOG = Logger.getLogger(MavenDependencies.class.getName());
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private MavenDependencies() {}

    /** The jars, each with the {@code //DEPS} line whose dependency tree holds it. */
    static List<HostedPolicy.DependencyJar> resolve(DependencyLines deps, String file) throws ScenarioException {
        if (deps.isEmpty()) {
            return List.of();
        }
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            session.setSystemProperties(System.getProperties());
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository().toFile())));
            List<RemoteRepository> remotes = List.of(new RemoteRepository.Builder("central", "default", CENTRAL).build());

            List<Dependency> roots = new ArrayList<>();
            for (DependencyLines.Line line : deps.lines()) {
                Artifact artifact = artifact(line);
                try {
                    // each line alone first, so that an error names its line
                    system.resolveArtifact(session, new ArtifactRequest(artifact, remotes, null));
                } catch (ArtifactResolutionException e) {
                    throw new ScenarioException(where(line) + " cannot be resolved: " + rootMessage(e)
                            + " (looked in " + localRepository() + " and " + CENTRAL + ")");
                }
                roots.add(new Dependency(artifact, JavaScopes.COMPILE));
            }
            CollectRequest collect = new CollectRequest(roots, List.of(), remotes);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<HostedPolicy.DependencyJar> jars = new ArrayList<>();
            try {
                DependencyResult resolved = system.resolveDependencies(session, request);
                Map<String, DependencyLines.Line> broughtBy = broughtBy(resolved.getRoot(), deps.lines());
                for (ArtifactResult result : resolved.getArtifactResults()) {
                    Artifact a = result.getArtifact();
                    jars.add(new HostedPolicy.DependencyJar(a.getFile().toPath(),
                            broughtBy.getOrDefault(key(a), deps.lines().getFirst())));
                }
            } catch (DependencyResolutionException e) {
                throw new ScenarioException(file + ": the dependencies of " + deps.lines().stream()
                        .map(DependencyLines.Line::coordinates).toList() + " cannot be resolved: " + rootMessage(e));
            }
            LOG.fine(() -> "//DEPS resolved to " + jars);
            return List.copyOf(jars);
        } finally {
            system.shutdown();
        }
    }

    /** Each artifact of the resolved tree (conflicts settled) by the root it hangs under, in the lines' order. */
    private static Map<String, DependencyLines.Line> broughtBy(DependencyNode root, List<DependencyLines.Line> lines) {
        Map<String, DependencyLines.Line> found = new HashMap<>();
        List<DependencyNode> children = root.getChildren();
        for (int i = 0; i < children.size() && i < lines.size(); i++) {
            DependencyLines.Line line = lines.get(i);
            List<DependencyNode> todo = new ArrayList<>(List.of(children.get(i)));
            while (!todo.isEmpty()) {
                DependencyNode node = todo.removeLast();
                if (node.getArtifact() != null) {
                    found.putIfAbsent(key(node.getArtifact()), line);
                }
                todo.addAll(node.getChildren());
            }
        }
        return found;
    }

    private static String key(Artifact a) {
        return a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getExtension() + ":" + a.getClassifier();
    }

    private static Artifact artifact(DependencyLines.Line line) throws ScenarioException {
        try {
            return new DefaultArtifact(line.coordinates());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where(line) + " is not a Maven coordinate: write group:artifact:version,"
                    + " e.g. //DEPS redis.clients:jedis:5.2.0");
        }
    }

    private static String where(DependencyLines.Line line) {
        return line.file() + ":" + line.number() + ": //DEPS " + line.coordinates();
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : e.getMessage() + (message.equals(e.getMessage()) ? "" : " (" + message + ")");
    }
}
