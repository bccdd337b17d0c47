package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.Hashes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inputs of the checks this instance runs in pods, each under a token of its own that opens them once: the pod
 * fetches them before it runs any scenario code, so the token is spent by the time a static initializer could find
 * it. A ticket lives as long as its check, in memory: the pod asks this instance, by its address, for them.
 */
@ApplicationScoped
public class CheckTickets {
    /** A check's id and the token the pod gets; only its hash is kept. */
    public record Ticket(UUID id, String token) {}

    private record Open(String tokenHash, CheckSandbox.Input input) {}

    private final Map<UUID, Open> open = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> taken = new ConcurrentHashMap<>();

    public Ticket open(CheckSandbox.Input input) {
        UUID id = UUID.randomUUID();
        String token = Hashes.randomToken();
        open.put(id, new Open(Hashes.sha256(token), input));
        return new Ticket(id, token);
    }

    /** The inputs, once, for the right token; null for a wrong token, a check that ended or inputs already taken. */
    CheckSandbox.Input take(UUID id, String token) {
        Open ticket = open.get(id);
        if (ticket == null || token == null || !Hashes.sameHash(ticket.tokenHash(), token) || !open.remove(id, ticket)) {
            return null;
        }
        taken.put(id, true);
        return ticket.input();
    }

    /** Whether the check's pod has fetched its inputs, so started the check. */
    public boolean taken(UUID id) {
        return taken.containsKey(id);
    }

    public void close(UUID id) {
        open.remove(id);
        taken.remove(id);
    }
}
