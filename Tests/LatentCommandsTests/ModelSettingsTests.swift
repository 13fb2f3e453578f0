import XCTest
import LatentCore
import LatentModels
@testable import LatentScript
@testable import LatentCommands

/// The `model` command's options come from the one table of settings (ModelSetting): its names, types and
/// help, and what each writes into the model's configuration; a refused setting puts the caret on its option.
final class ModelSettingsTests: XCTestCase {
    private func session() -> (Session, CapturedOutput) {
        let output = CapturedOutput()
        return (Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: NSTemporaryDirectory()), output)
    }

    func testModelOptionsAreTheSettingsTableThenInit() throws {
        let command = try XCTUnwrap(CommandRegistry.latent().command(named: "model"))
        XCTAssertEqual(command.options.map(\.name), ModelSetting.allCases.map(\.rawValue) + ["init"])
        for setting in ModelSetting.allCases {
            XCTAssertEqual(command.option(setting.rawValue)?.help, setting.help)
        }
        XCTAssertEqual(command.option("hidden")?.type, .list(.int))
        XCTAssertEqual(command.option("loss")?.type, .choice(Loss.allCases.map(\.rawValue)))
    }

    func testEachGivenSettingReachesTheConfig() throws {
        let (session, output) = session()
        let script = "m = model gnd dims=3 width=16 blocks=2 hidden=[8, 4] channels=8 output=tanh loss=mse noise=0.5 "
            + "beta=0.25 supervised=true depth=4 optimizer=lazy plain=true"
        XCTAssertEqual(session.run(script, file: "<t>").status, 0, output.errorText)
        let c = try XCTUnwrap(session.variables["m"]?.object(as: ModelObject.self)).config
        XCTAssertEqual(c.kind, .gnd)
        XCTAssertEqual([c.dims, c.width, c.blocks, c.channels, c.depth], [3, 16, 2, 8, 4])
        XCTAssertEqual(c.hidden, [8, 4])
        XCTAssertEqual(c.decoder, .mlp, "hidden= makes the decoder an mlp")
        XCTAssertEqual(c.output, .tanh)
        XCTAssertEqual(c.outputFromData, false)
        XCTAssertEqual(c.noise, 0.5)
        XCTAssertEqual(c.beta, 0.25)
        XCTAssertTrue(c.supervised)
        XCTAssertEqual(c.tableOptimizer, .lazy)
        XCTAssertEqual(c.plain, true)
        for setting in ModelSetting.allCases where setting != .encoder && setting != .decoder {
            XCTAssertTrue(script.contains(" \(setting.rawValue)="), "the script sets \(setting.rawValue)")
        }
        XCTAssertEqual(session.run("b = model gne loss=bce output=sigmoid", file: "<t>").status, 0, output.errorText)
        XCTAssertEqual(try XCTUnwrap(session.variables["b"]?.object(as: ModelObject.self)).config.loss, .bce)
        XCTAssertEqual(session.run("v = model vae encoder=conv output=auto", file: "<t>").status, 0, output.errorText)
        let v = try XCTUnwrap(session.variables["v"]?.object(as: ModelObject.self)).config
        XCTAssertEqual(v.encoder, .conv)
        XCTAssertEqual(v.outputFromData, true)
        XCTAssertEqual(session.run("r = model gne decoder=conv", file: "<t>").status, 0, output.errorText)
        XCTAssertEqual(try XCTUnwrap(session.variables["r"]?.object(as: ModelObject.self)).config.decoder, .conv)
    }

    func testARefusedSettingPointsAtItsOption() {
        let (session, output) = session()
        XCTAssertEqual(session.run("m = model gne width=8 depth=0", file: "t.latent").status, 70)
        XCTAssertTrue(output.errorText.contains("t.latent:1:23: error: depth must be positive, got 0"), output.errorText)
    }

    func testTheCheckerKnowsLoadMayGiveAModel() {
        let (session, _) = session()
        let errors = session.check(SourceText(name: "t", text: "m = load \"digits.model\"\nprint (m * 2)")).errors.map(\.description)
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.contains("got Dataset or Model 'm' and number 2") == true, "\(errors)")
    }
}
