package dev.barrage.runner.convert;

/** A translated expression: its Java source and its Java type ("int", "String", "List<String>", "Response"...). */
record Expr(String code, String type) {
    static final String OBJECT = "Object";

    boolean isNumber() {
        return switch (type) {
            case "int", "long", "double", "Integer", "Long", "Double" -> true;
            default -> false;
        };
    }

    boolean isIntegral() {
        return switch (type) {
            case "int", "long", "Integer", "Long" -> true;
            default -> false;
        };
    }

    boolean isString() {
        return type.equals("String");
    }

    boolean isList() {
        return type.startsWith("List<");
    }

    boolean isMap() {
        return type.startsWith("Map<");
    }

    /** The element type of a List, the value type of a Map, else Object. */
    String elementType() {
        if (isList()) {
            return type.substring(5, type.length() - 1);
        }
        if (isMap()) {
            return type.substring(type.indexOf(',') + 2, type.length() - 1);
        }
        return OBJECT;
    }

    /** The code in parentheses unless it is a name, a literal or a call chain. */
    String operand() {
        return code.matches("[\\w.\"]+|\\w[\\w.]*\\([^()]*\\)") ? code : "(" + code + ")";
    }

    static String boxed(String type) {
        return switch (type) {
            case "int" -> "Integer";
            case "long" -> "Long";
            case "double" -> "Double";
            case "boolean" -> "Boolean";
            case "null", "void" -> OBJECT;
            default -> type;
        };
    }

    /** The narrowest type holding both, for list elements and reassigned variables. */
    static String unify(String a, String b) {
        if (a == null || a.equals(b)) {
            return b;
        }
        if (a.equals("null")) {
            return boxed(b);
        }
        if (b.equals("null")) {
            return boxed(a);
        }
        if ((a.equals("int") || a.equals("double")) && (b.equals("int") || b.equals("double"))) {
            return "double";
        }
        return OBJECT;
    }
}
