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
            try {
                m.setAccessible(true);
                m.invoke(null);
            } catch (InvocationTargetException e) {
                System.err.println("=== FAILED " + m.getName() + ": " + e.getCause());
                e.getCause().printStackTrace();
            }
            System.err.println("=== END " + m.getName());
        }
    }
}
