@testable import TutorialBook
import ArgumentParser
import Runner
@testable import tutorial
import XCTest

/// `tutorial run` (the default subcommand): its options and the messages for bad ones.
final class RunCommandTests: XCTestCase {
    /// The message `tutorial` prints for `arguments`, which must not parse.
    func message(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let command = try Tutorial.parseAsRoot(arguments)
            XCTFail("\(arguments) parsed as \(command)", file: file, line: line)
            return ""
        } catch {
            return Tutorial.message(for: error)
        }
    }

    func testUnknownChapterSaysWhichAreValid() {
        for bad in ["-1", "99"] {
            XCTAssertEqual(
                message(["--chapter", bad]),
                "The value '\(bad)' is invalid for '--chapter <N>': "
                    + "--chapter \(bad) is out of range: the chapters are \(BookContents.chapterNumbersText)")
        }
        XCTAssertEqual(
            message(["--chapter", "five"]),
            "The value 'five' is invalid for '--chapter <N>': "
                + "--chapter five is not a chapter number (\(BookContents.chapterNumbersText))")
    }

    func testAnUnknownCommandIsNamedAsOne() {
        XCTAssertEqual(
            Tutorial.unknownCommandMessage(["trian", "--steps", "5"]),
            "unknown command 'trian'; the commands are run, train, predict, bench (see tutorial --help)")
        XCTAssertEqual(
            Tutorial.unknownCommandMessage(["a\u{1B}[2Jb"]),
            "unknown command 'a\\u{1B}[2Jb'; the commands are run, train, predict, bench (see tutorial --help)")
        for known in [["train"], ["run", "--list"], ["--seed", "3"], [], ["help"]] {
            XCTAssertNil(Tutorial.unknownCommandMessage(known), "\(known)")
        }
    }

    func testUnknownOptionIsNamed() {
        XCTAssertEqual(message(["--chapters", "3"]), "Unknown option '--chapters'. Did you mean '--chapter'?")
    }

    func testInvalidStepsGiveTheHyperparameterError() {
        XCTAssertEqual(
            message(["--steps=-5"]), "trainingSteps -5 is out of range: trainingSteps must be in 0...10000000")
    }

    func testUpdateRecordsTheDefaultsOnly() {
        XCTAssertEqual(
            message(["--update", "--seed", "3"]),
            "--update records the default hyperparameters; leave out the options that change them")
        XCTAssertEqual(message(["--update", "--chapter", "1"]), "--update records every chapter; leave out --chapter")
    }

    func testRefreshGoesWithTheWholeBook() throws {
        XCTAssertEqual(
            message(["--refresh", "--chapter", "8"]), "--chapter always runs the chapter; leave out --refresh")
        XCTAssertEqual(message(["--list", "--refresh"]), "--list takes no other option but --root")
        XCTAssertTrue(try XCTUnwrap(Tutorial.parseAsRoot(["--refresh"]) as? RunCommand).refresh)
    }

    func testSiteGoesWithTheWholeBookOnly() {
        XCTAssertEqual(
            message(["--site", "out", "--chapter", "2"]),
            "--site renders the whole book after checking it; leave out --chapter and --update")
        XCTAssertEqual(message(["--list", "--site", "out"]), "--list takes no other option but --root")
    }

    func testOverridesReachTheHyperparameters() throws {
        let command = try XCTUnwrap(Tutorial.parseAsRoot(["--seed", "3", "--steps", "50"]) as? RunCommand)
        XCTAssertEqual(command.hyperparameters.seed, 3)
        XCTAssertEqual(command.hyperparameters.trainingSteps, 50)
        XCTAssertFalse(command.usesRecordedHyperparameters)
        let plain = try XCTUnwrap(Tutorial.parseAsRoot([]) as? RunCommand)
        XCTAssert(plain.usesRecordedHyperparameters)
    }

    /// A subcommand's options are its own: `train --seed 1` seeds training,
    /// not the default `run` command, which has a `--seed` of its own.
    func testSubcommandOptionsReachTheSubcommand() throws {
        let train = try XCTUnwrap(Tutorial.parseAsRoot(["train", "--seed", "4", "--steps", "30"]) as? Train)
        XCTAssertEqual(train.options.seed, 4)
        XCTAssertEqual(train.options.steps, 30)
        let run = try XCTUnwrap(Tutorial.parseAsRoot(["--chapter", "5", "--seed", "4"]) as? RunCommand)
        XCTAssertEqual(run.chapter, 5)
        XCTAssertEqual(run.options.seed, 4)
    }
}
