package dev.asffnet.examples;

import dev.asffnet.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The test-set options shared by {@code demo} and {@code evaluate} (a picocli mixin). */
final class DataSetOptions {
    @Option(names = "--data", paramLabel = "FOLDER",
            description = "Face data set with identity folders and a landmarks68.csv; default: shared/data/celeba-faces"
                    + " found from the working folder.")
    Path data;

    @Option(names = "--split", paramLabel = "FILE.json",
            description = "Split file (training/split.json: \"val_identities\", \"rejected\") choosing the test"
                    + " identities; default: training/split.json found from the working folder, else every identity.")
    Path split;

    /** The data folder: {@code --data} or the shared sample data. */
    Path folder() {
        return data != null ? data : EvalSet.defaultData();
    }

    /**
     * The test identities (see {@link EvalSet#load}).
     *
     * @throws InvalidInputException when there are none
     */
    List<EvalSet.Group> groups() throws IOException {
        List<EvalSet.Group> groups = EvalSet.load(folder(), split != null ? split : EvalSet.defaultSplit());
        if (groups.isEmpty()) {
            throw new InvalidInputException("no test identity with two or more images in " + folder()
                    + (split != null ? " among the validation identities of " + split : "") + "; check --data and --split");
        }
        return groups;
    }

    /**
     * Refuses, before anything is written, the files {@code names} of {@code outputFolder} when they are not
     * safe to write ({@link OutputGuard}), in particular when they lie inside the data folder.
     */
    void checkOutputs(Path outputFolder, String role, String... names) {
        List<OutputGuard.Output> outputs = new ArrayList<>();
        for (String name : names) {
            outputs.add(new OutputGuard.Output(outputFolder.resolve(name), role));
        }
        OutputGuard.check(outputs, List.of(), List.of(new OutputGuard.Guarded(folder(), "the data folder")));
    }
}
