package dev.asffnet.examples;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in this JVM ({@link Main#run}) and captures its exit code, stdout and stderr. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
}
