package dev.barrage.controlplane.tokens;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Slows down token guessing without letting one guesser lock others out. Failures are counted per token prefix (the
 * public part before the secret), so a hammered token is refused for a minute while every other token keeps working,
 * and per client address only when that address is known for certain ({@link ClientAddress}): behind an ingress that
 * does not say who the client is, every client shares the ingress's address.
 */
@ApplicationScoped
public class FailedAttempts {
    private final FailureWindows byPrefix;
    private final FailureWindows byAddress;
    private final int prefixLimit;
    private final int addressLimit;

    @Inject
    FailedAttempts(BarrageConfig config) {
        this(config.tokens().failures(), System::currentTimeMillis);
    }

    FailedAttempts(BarrageConfig.Tokens.Failures limits, LongSupplier clock) {
        long window = limits.window().toMillis();
        this.byPrefix = new FailureWindows(limits.tracked(), window, clock);
        this.byAddress = new FailureWindows(limits.tracked(), window, clock);
        this.prefixLimit = limits.perPrefix();
        this.addressLimit = limits.perAddress();
    }

    public boolean blocked(String token, Optional<String> address) {
        return byPrefix.count(prefixOf(token)) >= prefixLimit
                || address.map(a -> byAddress.count(a) >= addressLimit).orElse(false);
    }

    public void failed(String token, Optional<String> address) {
        byPrefix.add(prefixOf(token));
        address.ifPresent(byAddress::add);
    }

    /** How many prefixes and addresses are remembered now; never more than the configured bound each. */
    int tracked() {
        return byPrefix.size() + byAddress.size();
    }

    static String prefixOf(String token) {
        return token.length() <= ApiToken.PREFIX_LENGTH ? token : token.substring(0, ApiToken.PREFIX_LENGTH);
    }
}
