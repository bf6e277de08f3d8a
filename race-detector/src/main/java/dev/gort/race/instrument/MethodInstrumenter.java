package dev.gort.race.instrument;

import static dev.gort.race.instrument.ClassInstrumenter.RT_NAME;
import static dev.gort.race.instrument.ClassInstrumenter.T_DESC;

import dev.gort.race.rt.Sites;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * The hooks of one method. On entry it fetches the thread's state and pushes a shadow frame into
 * two new locals ({@code t}, {@code f}), assigned before any branch so every stack map frame holds
 * them. Then:
 * <ul>
 *   <li>field reads: {@code RT.read(obj, t, site)} after the load; writes: {@code RT.write} before
 *       the store; statics likewise without the object;</li>
 *   <li>array loads and stores: {@code RT.arrayRead/arrayWrite(array, index, t, site)} before;</li>
 *   <li>{@code monitorenter}/{@code monitorexit} and synchronized methods: acquire and release;</li>
 *   <li>every call: {@code t.callSite = site} before it (the callee's frame names it); synchronising
 *       library calls go through the class's bridges instead;</li>
 *   <li>each return: the frame popped; each exception handler: the frame restored (callees that
 *       threw left theirs).</li>
 * </ul>
 * Code added goes straight to the next visitor (indices of new locals are final); the method's own
 * code goes through {@link LocalVariablesSorter}, which moves its locals past ours and adds ours to
 * its frames. In a constructor nothing touches {@code this} before the super constructor call. In a
 * class initialiser accesses are not hooked (they are not recorded: JLS 12.4.2 orders them).
 */
final class MethodInstrumenter extends LocalVariablesSorter {
    private static final Type T_TYPE = Type.getObjectType("dev/gort/race/rt/T");
    private static final Type FRAME_TYPE = Type.getObjectType("dev/gort/race/rt/Frame");
    private static final String FRAME_DESC = "Ldev/gort/race/rt/Frame;";

    private final ClassInstrumenter owner;
    private final String name;
    private final boolean isStatic;
    private final boolean isClinit;
    private final boolean isSynchronized;
    private boolean thisInitialized;
    private int pendingNews;
    private int tLocal = -1;
    private int fLocal = -1;
    private int line;
    private final Set<Label> handlers = new HashSet<>();
    private boolean pendingRestore;
    private final Map<String, Integer> siteCache = new HashMap<>();

    MethodInstrumenter(int access, String name, String desc, MethodVisitor mv, ClassInstrumenter owner) {
        super(Opcodes.ASM9, access, desc, mv);
        this.owner = owner;
        this.name = name;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.isClinit = name.equals("<clinit>");
        this.isSynchronized = (access & Opcodes.ACC_SYNCHRONIZED) != 0 && canLoadClassConstant();
        this.thisInitialized = !name.equals("<init>");
    }

    private boolean canLoadClassConstant() {
        return !isStatic || (owner.version & 0xFFFF) >= Opcodes.V1_5;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        tLocal = newLocal(T_TYPE);
        fLocal = newLocal(FRAME_TYPE);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "thread", "()" + T_DESC, false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ASTORE, tLocal);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, isClinit ? "enterClinit" : "enter",
                "(" + T_DESC + ")" + FRAME_DESC, false);
        mv.visitVarInsn(Opcodes.ASTORE, fLocal);
        if (isSynchronized) {
            pushMonitor();
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "monitorEnter", "(Ljava/lang/Object;" + T_DESC + ")V", false);
        }
    }

    private void pushMonitor() {
        if (isStatic) {
            mv.visitLdcInsn(Type.getObjectType(owner.className));
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
        }
    }

    // ---- sites

    private int site(byte kind, String fieldOwner, String fieldName) {
        String key = kind + " " + line + " " + fieldOwner + " " + fieldName;
        Integer id = siteCache.get(key);
        if (id == null) {
            id = Sites.register(owner.dottedName, name, owner.sourcePath(), line, kind, fieldOwner, fieldName,
                    owner.loader);
            siteCache.put(key, id);
        }
        return id;
    }

    private void pushSite(int site) {
        ClassInstrumenter.push(mv, site);
    }

    private void setCallSite() {
        mv.visitVarInsn(Opcodes.ALOAD, tLocal);
        pushSite(site(Sites.CALL, null, null));
        mv.visitFieldInsn(Opcodes.PUTFIELD, "dev/gort/race/rt/T", "callSite", "I");
    }

    // ---- exception handlers: restore this method's frame before the handler's first instruction

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        handlers.add(handler);
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitLabel(Label label) {
        super.visitLabel(label);
        if (handlers.contains(label)) {
            pendingRestore = true;
        }
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    private void before() {
        if (pendingRestore) {
            pendingRestore = false;
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitVarInsn(Opcodes.ALOAD, fLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "restore", "(" + T_DESC + FRAME_DESC + ")V", false);
        }
    }

    // ---- instructions

    @Override
    public void visitInsn(int opcode) {
        before();
        if (opcode >= Opcodes.IALOAD && opcode <= Opcodes.SALOAD) {
            if (!isClinit) {
                mv.visitInsn(Opcodes.DUP2);
                access("arrayRead", "(Ljava/lang/Object;I" + T_DESC + "I)V", site(Sites.ARRAY, null, null));
            }
        } else if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
            if (!isClinit) {
                if (opcode == Opcodes.LASTORE || opcode == Opcodes.DASTORE) {
                    mv.visitInsn(Opcodes.DUP2_X2);
                    mv.visitInsn(Opcodes.POP2);
                    mv.visitInsn(Opcodes.DUP2_X2);
                } else {
                    mv.visitInsn(Opcodes.DUP_X2);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.DUP2_X1);
                }
                access("arrayWrite", "(Ljava/lang/Object;I" + T_DESC + "I)V", site(Sites.ARRAY, null, null));
            }
        } else if (opcode == Opcodes.MONITORENTER) {
            mv.visitInsn(Opcodes.DUP);
            super.visitInsn(opcode);
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "monitorEnter", "(Ljava/lang/Object;" + T_DESC + ")V", false);
            return;
        } else if (opcode == Opcodes.MONITOREXIT) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "monitorExit", "(Ljava/lang/Object;" + T_DESC + ")V", false);
        } else if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (isSynchronized) {
                pushMonitor();
                mv.visitVarInsn(Opcodes.ALOAD, tLocal);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "monitorExit", "(Ljava/lang/Object;" + T_DESC + ")V",
                        false);
            }
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitVarInsn(Opcodes.ALOAD, fLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "exit", "(" + T_DESC + FRAME_DESC + ")V", false);
        }
        super.visitInsn(opcode);
    }

    /** Emits {@code (t, site)} and the call to an access hook whose other arguments are on the stack. */
    private void access(String hook, String desc, int site) {
        mv.visitVarInsn(Opcodes.ALOAD, tLocal);
        pushSite(site);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, hook, desc, false);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String field, String desc) {
        before();
        if (isClinit || !hooked(opcode, fieldOwner, field)) {
            super.visitFieldInsn(opcode, fieldOwner, field, desc);
            return;
        }
        boolean wide = desc.equals("J") || desc.equals("D");
        switch (opcode) {
            case Opcodes.GETFIELD -> {
                int site = site(Sites.READ, fieldOwner, field);
                mv.visitInsn(Opcodes.DUP);
                super.visitFieldInsn(opcode, fieldOwner, field, desc);
                if (wide) {
                    mv.visitInsn(Opcodes.DUP2_X1);
                    mv.visitInsn(Opcodes.POP2);
                } else {
                    mv.visitInsn(Opcodes.SWAP);
                }
                access("read", "(Ljava/lang/Object;" + T_DESC + "I)V", site);
            }
            case Opcodes.PUTFIELD -> {
                int site = site(Sites.WRITE, fieldOwner, field);
                if (wide) {
                    mv.visitInsn(Opcodes.DUP2_X1);
                    mv.visitInsn(Opcodes.POP2);
                    mv.visitInsn(Opcodes.DUP_X2);
                } else {
                    mv.visitInsn(Opcodes.DUP2);
                    mv.visitInsn(Opcodes.POP);
                }
                access("write", "(Ljava/lang/Object;" + T_DESC + "I)V", site);
                super.visitFieldInsn(opcode, fieldOwner, field, desc);
            }
            case Opcodes.GETSTATIC -> {
                int site = site(Sites.STATIC_READ, fieldOwner, field);
                super.visitFieldInsn(opcode, fieldOwner, field, desc);
                access("readStatic", "(" + T_DESC + "I)V", site);
            }
            default -> {
                int site = site(Sites.STATIC_WRITE, fieldOwner, field);
                access("writeStatic", "(" + T_DESC + "I)V", site);
                super.visitFieldInsn(opcode, fieldOwner, field, desc);
            }
        }
    }

    /** False for accesses that cannot race: finals of this class, {@code this} before super(). */
    private boolean hooked(int opcode, String fieldOwner, String field) {
        if ((opcode == Opcodes.GETFIELD || opcode == Opcodes.PUTFIELD) && !thisInitialized) {
            return false;
        }
        if (fieldOwner.equals(owner.className)) {
            Integer access = owner.ownFields.get(field);
            return access == null || (access & Opcodes.ACC_FINAL) == 0;
        }
        return true;
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String method, String desc, boolean itf) {
        before();
        if (opcode == Opcodes.INVOKESPECIAL && method.equals("<init>") && !thisInitialized) {
            if (pendingNews == 0) {
                thisInitialized = true; // the super (or this) constructor call
            } else {
                pendingNews--;
            }
        }
        if (opcode == Opcodes.INVOKESTATIC && callOwner.equals("java/lang/System") && method.equals("arraycopy")) {
            access("arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II" + T_DESC + "I)V",
                    site(Sites.ARRAY, null, null));
            return;
        }
        if (callOwner.startsWith("[") && method.equals("clone") && !isClinit) {
            mv.visitInsn(Opcodes.DUP);
            access("arrayReadAll", "(Ljava/lang/Object;" + T_DESC + "I)V", site(Sites.ARRAY, null, null));
        }
        if (opcode != Opcodes.INVOKESPECIAL && owner.canBridge()) {
            CallRules.Rule rule = CallRules.match(opcode, callOwner, method, desc);
            if (rule != null) {
                String[] bridge = owner.bridge(opcode, callOwner, method, desc, itf, rule);
                mv.visitVarInsn(Opcodes.ALOAD, tLocal);
                pushSite(site(Sites.CALL, null, null));
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner.className, bridge[0], bridge[1], owner.isInterface);
                return;
            }
        }
        setCallSite();
        super.visitMethodInsn(opcode, callOwner, method, desc, itf);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... bsmArgs) {
        before();
        setCallSite();
        super.visitInvokeDynamicInsn(name, desc, bsm, bsmArgs);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        before();
        if (opcode == Opcodes.NEW && !thisInitialized) {
            pendingNews++;
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        before();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        before();
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        before();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        before();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        before();
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        before();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        before();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        before();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
