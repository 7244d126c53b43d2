package io.github.ipvs4j.testkit.gen;

/**
 * One step of a stateful test: a value (so a failing sequence can be printed and shrunk) that acts on
 * the system under test and checks it.
 *
 * @param <S> the state the actions run against (the system under test and, usually, a model)
 */
@FunctionalInterface
public interface Action<S> {

    /**
     * Performs the step and checks its result.
     *
     * @param state the state to act on and check, changed by the step
     * @throws Exception or an {@link AssertionError} when the check fails
     */
    void run(S state) throws Exception;

    /**
     * Whether the step makes sense in this state; a step that does not is skipped. By default every step
     * does.
     *
     * @param state the state the step would run against; not to be changed here
     * @return true to run the step, false to skip it
     */
    default boolean precondition(S state) {
        return true;
    }
}
