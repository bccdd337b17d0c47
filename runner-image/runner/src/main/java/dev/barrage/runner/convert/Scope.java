package dev.barrage.runner.convert;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What names mean inside one Python function body being translated: self, its locals, its class's fields. */
final class Scope {
    final Scope parent;
    final JavaClass owner;
    final Set<String> selfNames;
    final Map<String, String> locals = new HashMap<>();
    /** The types of the function's return values, for a helper's signature. */
    final java.util.List<String> returnTypes;
    /** In a catch_response block: the response's name; response.success()/failure() return a CheckResult. */
    String checkVariable;
    boolean inTick;
    /** An @OnRequest listener: Locust's keyword parameters mapped to the RequestEvent's accessors. */
    Map<String, String> hookParameters = Map.of();

    Scope(JavaClass owner, Set<String> selfNames) {
        this.parent = null;
        this.returnTypes = new java.util.ArrayList<>();
        this.owner = owner;
        this.selfNames = selfNames;
    }

    private Scope(Scope parent) {
        this.parent = parent;
        this.returnTypes = parent.returnTypes;
        this.owner = parent.owner;
        this.selfNames = parent.selfNames;
        this.checkVariable = parent.checkVariable;
        this.inTick = parent.inTick;
        this.hookParameters = parent.hookParameters;
    }

    Scope child() {
        return new Scope(this);
    }

    String local(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            String type = s.locals.get(name);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    boolean isSelf(String name) {
        return selfNames.contains(name);
    }

    static Map<String, String> requestEventParameters() {
        Map<String, String> m = new HashMap<>();
        m.put("request_type", "event.type()|String");
        m.put("name", "event.name()|String");
        m.put("response_time", "event.responseTimeMillis()|double");
        m.put("response_length", "event.contentLength()|long");
        m.put("exception", "event.error()|String");
        return m;
    }
}
