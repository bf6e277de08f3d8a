package dev.gort.race.instrument;

import dev.gort.race.rt.Ops;
import dev.gort.race.rt.RT;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Instruments one application class: every method gets the hooks of {@link MethodInstrumenter}, and
 * the class gets one private static bridge method per distinct synchronising library call it makes
 * ({@link CallRules}), which wraps the call in {@code RT.callBefore}/{@code callAfter}. A bridge is
 * straight-line code (no branches, so no stack map frames) with the call's own opcode, so it calls
 * exactly what the call site did.
 */
final class ClassInstrumenter extends ClassVisitor {
    static final String RT_NAME = Type.getInternalName(RT.class);
    static final String T_DESC = "Ldev/gort/race/rt/T;";

    final ClassLoader loader;
    String className;
    String dottedName;
    String source;
    int version;
    boolean isInterface;
    /** Fields this class declares: name to access flags (known final ones are not instrumented). */
    final Map<String, Integer> ownFields = new HashMap<>();
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    int instrumentedMethods;

    private record Bridge(String name, String desc, int opcode, String owner, String method, String methodDesc,
                          boolean itf, CallRules.Rule rule) {}

    ClassInstrumenter(ClassVisitor next, ClassLoader loader) {
        super(Opcodes.ASM9, next);
        this.loader = loader;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version;
        this.className = name;
        this.dottedName = name.replace('/', '.');
        this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String file, String debug) {
        this.source = file;
        super.visitSource(file, debug);
    }

    @Override
    public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                                     Object value) {
        ownFields.put(name, access);
        return super.visitField(access, name, descriptor, signature, value);
    }

    /** The source path of reports: the package's directory and the source file. */
    String sourcePath() {
        int slash = className.lastIndexOf('/');
        String dir = slash < 0 ? "" : className.substring(0, slash + 1);
        String file = source;
        if (file == null) {
            String simple = className.substring(slash + 1);
            int dollar = simple.indexOf('$');
            file = (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
        }
        return dir + file;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
            return mv;
        }
        instrumentedMethods++;
        return new MethodInstrumenter(access, name, descriptor, mv, this);
    }

    /** True when bridges can be added to this class (interfaces need static methods: class files 52+). */
    boolean canBridge() {
        return !isInterface || (version & 0xFFFF) >= Opcodes.V1_8;
    }

    /** The bridge for a call, made once per class; returns its descriptor's owner-method pair. */
    String[] bridge(int opcode, String owner, String method, String desc, boolean itf, CallRules.Rule rule) {
        String key = opcode + " " + owner + "." + method + desc + " " + rule;
        Bridge b = bridges.get(key);
        if (b == null) {
            String bdesc = "(" + (opcode == Opcodes.INVOKESTATIC ? "" : "L" + owner + ";")
                    + desc.substring(1, desc.indexOf(')')) + T_DESC + "I)" + Type.getReturnType(desc).getDescriptor();
            b = new Bridge("gort$race$" + bridges.size(), bdesc, opcode, owner, method, desc, itf, rule);
            bridges.put(key, b);
        }
        return new String[] {b.name, b.desc};
    }

    @Override
    public void visitEnd() {
        for (Bridge b : bridges.values()) {
            emit(b);
        }
        super.visitEnd();
    }

    private void emit(Bridge b) {
        int access = Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        access |= isInterface && (version & 0xFFFF) < Opcodes.V9 ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE;
        MethodVisitor mv = super.visitMethod(access, b.name, b.desc, null, null);
        mv.visitCode();
        boolean isStatic = b.opcode == Opcodes.INVOKESTATIC;
        Type[] params = Type.getArgumentTypes(b.methodDesc);
        int[] local = new int[params.length];
        int next = isStatic ? 0 : 1;
        for (int i = 0; i < params.length; i++) {
            local[i] = next;
            next += params[i].getSize();
        }
        int tLocal = next;
        int siteLocal = next + 1;
        int op = b.rule.op();
        // The key: the receiver, or the first argument (field updaters, allOf).
        Runnable key = () -> {
            if (b.rule.keyArg0() && params.length > 0 && isReference(params[0])) {
                mv.visitVarInsn(Opcodes.ALOAD, local[0]);
            } else if (!isStatic) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
        };
        key.run();
        threadSiteOp(mv, tLocal, siteLocal, op);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "callBefore", "(Ljava/lang/Object;" + T_DESC + "II)V", false);
        List<Integer> wrapped = new ArrayList<>();
        if (Ops.wrapsArguments(op)) {
            if (op == Ops.STAGE) {
                for (int i = 0; i < params.length; i++) {
                    if (isStage(params[i])) {
                        mv.visitVarInsn(Opcodes.ALOAD, local[i]);
                        mv.visitVarInsn(Opcodes.ALOAD, tLocal);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "stageArg", "(Ljava/lang/Object;" + T_DESC + ")V",
                                false);
                    }
                }
            }
            for (int i = 0; i < params.length; i++) {
                int kind = functionalKind(params[i], op);
                if (kind < 0) {
                    continue;
                }
                if (b.rule.threadBody()) {
                    kind |= RT.THREAD_BODY;
                }
                mv.visitVarInsn(Opcodes.ALOAD, local[i]);
                if (isStatic) {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                }
                threadSiteOp(mv, tLocal, siteLocal, op);
                push(mv, kind);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "wrap",
                        "(Ljava/lang/Object;Ljava/lang/Object;" + T_DESC + "III)Ljava/lang/Object;", false);
                mv.visitTypeInsn(Opcodes.CHECKCAST, params[i].getInternalName());
                mv.visitVarInsn(Opcodes.ASTORE, local[i]);
                wrapped.add(local[i]);
            }
        }
        if (!isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
        }
        for (int i = 0; i < params.length; i++) {
            mv.visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), local[i]);
        }
        mv.visitMethodInsn(b.opcode, b.owner, b.method, b.methodDesc, b.itf);
        Type ret = Type.getReturnType(b.methodDesc);
        if (Ops.usesResult(op) && isReference(ret)) {
            if (Ops.wrapsArguments(op)) {
                for (int w : wrapped) {
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitVarInsn(Opcodes.ALOAD, w);
                    mv.visitVarInsn(Opcodes.ALOAD, tLocal);
                    push(mv, op);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "bindTask",
                            "(Ljava/lang/Object;Ljava/lang/Object;" + T_DESC + "I)V", false);
                }
            } else {
                mv.visitInsn(Opcodes.DUP);
                key.run();
                threadSiteOp(mv, tLocal, siteLocal, op);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "callAfterResult",
                        "(Ljava/lang/Object;Ljava/lang/Object;" + T_DESC + "II)V", false);
            }
        }
        key.run();
        threadSiteOp(mv, tLocal, siteLocal, op);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "callAfter", "(Ljava/lang/Object;" + T_DESC + "II)V", false);
        mv.visitInsn(ret.getOpcode(Opcodes.IRETURN));
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The {@code (t, site, op)} arguments every RT call of a bridge ends with. */
    private static void threadSiteOp(MethodVisitor mv, int tLocal, int siteLocal, int op) {
        mv.visitVarInsn(Opcodes.ALOAD, tLocal);
        mv.visitVarInsn(Opcodes.ILOAD, siteLocal);
        push(mv, op);
    }

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    private static boolean isStage(Type t) {
        String n = t.getInternalName();
        return t.getSort() == Type.OBJECT
                && (n.equals("java/util/concurrent/CompletionStage") || n.equals("java/util/concurrent/CompletableFuture"));
    }

    /** The {@link RT} kind of a functional parameter to wrap, or -1. */
    private static int functionalKind(Type t, int op) {
        if (t.getSort() != Type.OBJECT) {
            return -1;
        }
        return switch (t.getInternalName()) {
            case "java/lang/Runnable", "java/util/concurrent/Callable", "java/util/function/Supplier" -> RT.RUNNABLE;
            case "java/util/function/Function", "java/util/function/Consumer" -> RT.FUNCTION;
            case "java/util/function/BiFunction", "java/util/function/BiConsumer" -> RT.BIFUNCTION;
            case "java/util/Collection" -> op == Ops.TASK_ALL ? RT.TASKS : -1;
            default -> -1;
        };
    }

    static void push(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
