import Foundation
import ModelFiles
import Notebook
import Parameters
import TestSupport
import Training
@testable import TutorialBook
import XCTest

final class TrainingChapterTests: XCTestCase {
    /// The site's model.safetensors is the training chapter's attachment: it must be the file
    /// `tutorial train --save` writes for the same hyperparameters, byte for byte.
    func testTheTrainingChapterAttachesTheFileTrainSaveWrites() throws {
        var hp = Hyperparameters()
        hp.trainingSteps = 20
        hp.heldOutSize = 100
        let notebook = Notebook()
        try TrainingChapter.run(hp, in: notebook)
        XCTAssertEqual(notebook.attachments.map(\.name), [TrainingChapter.weightsFile])
        let path = try temporaryFolder(self).appendingPathComponent("saved.safetensors").path
        try SavedModel(try train(hp).model, hp).write(to: path)
        XCTAssertEqual(notebook.attachments.first?.contents, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
