package dev.barrage.runner.scenario;

import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.MethodHandleEntry;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.Opcode;
import java.lang.invoke.MethodHandleInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every method, field and constructor a class file's code refers to, with the source line it is on: calls, field
 * accesses, object creation, and the method handles of {@code invokedynamic} bootstraps (a lambda's or method
 * reference's target) and of constants. Class constants, superclasses, interfaces and annotations are not
 * references here: naming a class does nothing by itself.
 */
final class ClassReferences {
    enum Kind {
        METHOD, FIELD,
        /** {@code new X(...)}: the constructor call that follows a {@code new}. */
        CREATE,
        /** {@code super(...)} or {@code this(...)} at the start of a constructor. */
        SUPER_CALL
    }

    /**
     * One reference, in the method {@code inMethod} of its class, on {@code line} (0 when unknown).
     *
     * @param handle whether it is a method handle ({@code Thread::new}, {@code System::exit}) rather than an instruction
     * @param onInstance whether it is a call on an object ({@code socket.close()}) rather than a static one
     */
    record Reference(Kind kind, String owner, String name, String descriptor, String inMethod, int line,
            boolean handle, boolean onInstance) {
        Reference(Kind kind, String owner, String name, String descriptor, String inMethod, int line, boolean handle) {
            this(kind, owner, name, descriptor, inMethod, line, handle, false);
        }
    }

    private ClassReferences() {}

    static List<Reference> of(ClassModel model) {
        List<Reference> found = new ArrayList<>();
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> {
                String in = method.methodName().stringValue();
                int line = 0;
                Deque<String> creating = new ArrayDeque<>();
                Deque<Integer> creatingLines = new ArrayDeque<>();
                for (CodeElement element : code) {
                    switch (element) {
                        case LineNumber n -> line = n.line();
                        case NewObjectInstruction n -> {
                            creating.push(n.className().asInternalName());
                            creatingLines.push(line);
                        }
                        case InvokeInstruction i -> {
                            String owner = i.owner().asInternalName();
                            String name = i.name().stringValue();
                            if (i.opcode() == Opcode.INVOKESPECIAL && name.equals("<init>")) {
                                if (!creating.isEmpty() && creating.peek().equals(owner)) {
                                    creating.pop();
                                    found.add(new Reference(Kind.CREATE, owner, name, i.type().stringValue(), in,
                                            creatingLines.pop(), false));
                                } else {
                                    found.add(new Reference(Kind.SUPER_CALL, owner, name, i.type().stringValue(), in,
                                            line, false));
                                }
                            } else {
                                found.add(new Reference(Kind.METHOD, owner, name, i.type().stringValue(), in, line,
                                        false, i.opcode() != Opcode.INVOKESTATIC));
                            }
                        }
                        case FieldInstruction f -> found.add(new Reference(Kind.FIELD, f.owner().asInternalName(),
                                f.name().stringValue(), f.type().stringValue(), in, line, false));
                        case InvokeDynamicInstruction d -> bootstrap(d.invokedynamic().bootstrap(), in, line, found);
                        case ConstantInstruction.LoadConstantInstruction c -> constant(c.constantEntry(), in, line, found);
                        default -> { }
                    }
                }
            });
        }
        return found;
    }

    private static void bootstrap(BootstrapMethodEntry bootstrap, String in, int line, List<Reference> found) {
        handle(bootstrap.bootstrapMethod(), in, line, found);
        for (LoadableConstantEntry argument : bootstrap.arguments()) {
            constant(argument, in, line, found);
        }
    }

    private static void constant(LoadableConstantEntry entry, String in, int line, List<Reference> found) {
        if (entry instanceof MethodHandleEntry handle) {
            handle(handle, in, line, found);
        } else if (entry instanceof ConstantDynamicEntry dynamic) {
            bootstrap(dynamic.bootstrap(), in, line, found);
        }
    }

    private static void handle(MethodHandleEntry handle, String in, int line, List<Reference> found) {
        var ref = handle.reference();
        Kind kind = switch (handle.kind()) {
            case MethodHandleInfo.REF_getField, MethodHandleInfo.REF_getStatic, MethodHandleInfo.REF_putField,
                    MethodHandleInfo.REF_putStatic -> Kind.FIELD;
            case MethodHandleInfo.REF_newInvokeSpecial -> Kind.CREATE;
            default -> Kind.METHOD;
        };
        found.add(new Reference(kind, ref.owner().asInternalName(), ref.name().stringValue(), ref.type().stringValue(),
                in, line, true));
    }
}
