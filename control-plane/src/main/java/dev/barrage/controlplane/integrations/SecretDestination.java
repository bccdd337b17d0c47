package dev.barrage.controlplane.integrations;

/**
 * Settings that say where their secret is sent. A stored secret only goes where it was set to go: settings whose
 * destination changes need the secret again ({@link IntegrationSettings#put}).
 */
public interface SecretDestination {
    /** Where the secret goes, e.g. "https://api.github.com/repos/acme/shop"; equal strings, same place. */
    String destination();

    /** The settings' fields that make up the destination, for the error that asks for the secret again. */
    String destinationFields();
}
