package dev.gort.race.instrument;

import static dev.gort.race.instrument.ClassInstrumenter.RT_NAME;
import static dev.gort.race.instrument.ClassInstrumenter.T_DESC;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * A class that is not instrumented keeps its code, but its class initialiser runs inside a shadow
 * frame that ignores accesses, as an instrumented one does: what instrumented code it calls (an
 * excluded library building a logger through an instrumented one, as gort's runtime does with
 * slf4j) is not recorded. JLS 12.4.2 orders a class's initialisation before every use of the class,
 * on any thread, so those writes race with nothing; unrecorded, they cannot be reported against a
 * thread whose only edge to them is that initialisation. The frame is popped on every return and,
 * by a catch-all handler that rethrows, when the initialiser throws.
 */
final class ClinitBracket extends ClassVisitor {
    private int version;
    boolean bracketed;

    ClinitBracket(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null || !name.equals("<clinit>")) {
            return mv;
        }
        bracketed = true;
        return new Method(access, descriptor, mv, (version & 0xFFFF) >= Opcodes.V1_6);
    }

    private static final class Method extends LocalVariablesSorter {
        private static final String T_NAME = "dev/gort/race/rt/T";
        private static final String FRAME_NAME = "dev/gort/race/rt/Frame";
        private static final String FRAME_DESC = "L" + FRAME_NAME + ";";

        private final boolean frames;
        private final Label start = new Label();
        private final Label handler = new Label();
        private int tLocal;
        private int fLocal;

        Method(int access, String desc, MethodVisitor mv, boolean frames) {
            super(Opcodes.ASM9, access, desc, mv);
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            tLocal = newLocal(Type.getObjectType(T_NAME));
            fLocal = newLocal(Type.getObjectType(FRAME_NAME));
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "thread", "()" + T_DESC, false);
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ASTORE, tLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "enterClinit", "(" + T_DESC + ")" + FRAME_DESC, false);
            mv.visitVarInsn(Opcodes.ASTORE, fLocal);
            mv.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                exit();
            }
            super.visitInsn(opcode);
        }

        private void exit() {
            mv.visitVarInsn(Opcodes.ALOAD, tLocal);
            mv.visitVarInsn(Opcodes.ALOAD, fLocal);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, RT_NAME, "exit", "(" + T_DESC + FRAME_DESC + ")V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // Last in the exception table: the initialiser's own handlers come first.
            Label end = new Label();
            mv.visitLabel(end);
            mv.visitLabel(handler);
            if (frames) {
                Object[] locals = new Object[Math.max(tLocal, fLocal) + 1];
                java.util.Arrays.fill(locals, Opcodes.TOP);
                locals[tLocal] = T_NAME;
                locals[fLocal] = FRAME_NAME;
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            exit();
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitTryCatchBlock(start, end, handler, null);
            super.visitMaxs(maxStack, maxLocals);
        }
    }
}
