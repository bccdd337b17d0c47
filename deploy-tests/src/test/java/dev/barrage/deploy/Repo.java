package dev.barrage.deploy;

import java.nio.file.Path;

/** Paths in this repository. */
final class Repo {
    private Repo() {}

    static Path root() {
        return Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
    }

    static Path chart() {
        return root().resolve("helm/barrage");
    }

    static Path terraform() {
        return root().resolve("terraform");
    }
}
