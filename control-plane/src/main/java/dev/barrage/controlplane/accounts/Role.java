package dev.barrage.controlplane.accounts;

import java.util.Locale;

/** A member's role in an account, from most to least powerful. */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    /** True when this role may do what {@code needed} may do. */
    public boolean atLeast(Role needed) {
        return ordinal() <= needed.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
