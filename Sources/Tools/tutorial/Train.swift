import ArgumentParser
import Format
import Foundation
import ModelFiles
import Parameters
import Runner
import SafeFiles
import Training

/// `tutorial train`: the training loop in the terminal.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model and print the training log and the held-out accuracy.")

    @OptionGroup var options: HyperparameterOptions
    @Option(help: "Write the trained weights to this file (safetensors), for `tutorial predict`.")
    var save: String?

    func run() throws {
        let hp = options.hyperparameters
        if let save { try SavedModel.checkWritable(save) }
        let run = try train(hp, onLog: { print($0.text) })
        print(heldOutLine(heldOutAccuracy(run.model, hp), hp))
        if let save {
            // Two saves into one folder at once take turns; the later one says it waits.
            let folder = (save as NSString).deletingLastPathComponent
            let lock = try? FolderLock(folder.isEmpty ? "." : folder) {
                writeToStandardError(
                    "waiting for another tutorial run that is saving in \(Format.echoed(folder, limit: 200))\n")
            }
            try withExtendedLifetime(lock) { try SavedModel(run.model, hp).write(to: save) }
            print("weights saved to \(Format.echoed(save, limit: 300))")
        }
    }
}
