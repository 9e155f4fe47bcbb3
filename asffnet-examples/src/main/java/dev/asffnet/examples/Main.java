package dev.asffnet.examples;

import dev.asffnet.api.AsffnetException;
import java.util.Arrays;

/**
 * The {@code asffnet-cli.jar} entry point: {@code restore}, {@code demo}, {@code evaluate},
 * {@code prepare-data}. Exit code 0 on success, 2 on bad input, 1 on other failures.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            switch (argv[0]) {
                case "restore" -> RestoreCommand.run(rest);
                case "demo" -> DemoCommand.run(rest);
                case "evaluate" -> EvaluateCommand.run(rest);
                case "fit-weights" -> FitWeightsCommand.run(rest);
                case "prepare-data" -> PrepareData.main(rest);
                case "convert" -> dev.asffnet.onnx.Asffnet512Convert.main(rest);
                default -> {
                    System.err.println("unknown command '" + argv[0] + "'");
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (AsffnetException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.out.println(String.join("\n",
                "usage: java -jar asffnet-cli.jar <command> [options]",
                "  restore  --input LQ(file|dir) --exemplars DIR --output OUT [--backend onnx|tf] [--sheet SHEET.png]",
                "           [--model FILE.onnx] [--device cpu|cuda|cuda-strict] [--threads N]",
                "           [--landmark-weights FILE.txt] (68 selection weights, as fit-weights writes them)",
                "  demo     --output DIR [--backend onnx|tf] [--scale 4] : degrade a shared sample, restore, write a sheet",
                "  evaluate --data DIR --output DIR [--backend onnx|tf] : PSNR/SSIM/identity tables (see docs/results.md)",
                "  fit-weights --tuples training/exports/weight_tuples.csv [--output landmark-weights.txt]",
                "           [--margin 1] [--iterations 300] [--uniform-pull 0] : Eqn 4",
                "  prepare-data --data DIR --out FILE.csv : detect, filter and align training faces",
                "  convert  --from ASFFNet512.pth --to DIR : the authors' 512 weights as one standalone ONNX file"));
    }
}
