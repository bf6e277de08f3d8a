package dev.gort.race.testdata;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs the cases of one group in a JVM under the race detector: each {@code static void test...()}
 * method of the class named by the argument (or only those named after it), between markers on
 * standard error, where the detector writes its reports. A case returns only after every thread
 * it started has made its last access.
 */
public final class Runner {
    private Runner() {}

    public static void main(String[] args) throws Exception {
        Class<?> group = Class.forName(Runner.class.getPackageName() + "." + args[0]);
        Method[] cases = Arrays.stream(group.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("test") && Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0)
                .filter(m -> args.length == 1 || Arrays.asList(args).subList(1, args.length).contains(m.getName()))
                .sorted(Comparator.comparing(Method::getName))
                .toArray(Method[]::new);
        for (Method m : cases) {
            System.err.println("=== CASE " + m.getName());
            Thread watchdog = watchdog(m.getName());
            try {
                m.setAccessible(true);
                m.invoke(null);
            } catch (InvocationTargetException e) {
                System.err.println("=== FAILED " + m.getName() + ": " + e.getCause());
                e.getCause().printStackTrace();
            }
            watchdog.interrupt();
            System.err.println("=== END " + m.getName());
        }
    }

    /** Ends the JVM, naming the case, if it runs over a minute (a hung case must not hang the build). */
    private static Thread watchdog(String name) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("=== FAILED " + name + ": hung for 60 s");
            System.err.println("=== END " + name);
            Runtime.getRuntime().halt(3);
        }, "case-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
