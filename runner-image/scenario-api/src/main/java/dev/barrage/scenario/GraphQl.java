package dev.barrage.scenario;

import java.util.Map;
import java.util.function.Function;

/**
 * A GraphQL request being built, from {@link Http#graphql}. It is sent as a JSON POST and recorded under type
 * {@code GraphQL} and the operation's name. An answer of 200 whose body has {@code errors} is a failure with the
 * first error's message.
 */
public interface GraphQl {
    GraphQl variables(Map<String, ?> variables);

    /**
     * The operation to run and the name in the statistics; without it, the name is that of the query's first
     * operation ({@code query GetItem(...)} records as {@code GetItem}).
     */
    GraphQl operationName(String operationName);

    GraphQl header(String name, String value);

    /** Decide success or failure yourself, after the GraphQL errors check has passed. */
    GraphQl check(Function<Response, CheckResult> check);

    Response send();
}
