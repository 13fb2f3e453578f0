import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// `decoder=conv` / `encoder=conv` from the command language: the image shape comes from the data, data
/// without one (or with a side not divisible by 4) are refused with a sentence naming them, and `help model`
/// documents the options and their defaults.
final class ConvCommandTests: XCTestCase {
    func run(_ script: String) -> (status: Int32, text: String) {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: LatentBinary.packageRoot.path)
        let status = session.run("set seed 2\nset progress false\n" + script, file: "conv.latent").status
        return (status, output.text + output.errorText)
    }

    func testConvModelsTrainOnImagesAndRefuseOtherData() {
        let ok = run("""
            d = head (load "samples/digits.csv" label=first scale=16 image=[8, 8]) 100
            m = model gne decoder=conv channels=8
            train m d epochs=2 batch=50
            v = model vae decoder=conv encoder=conv channels=8
            train v d epochs=1 batch=50
            k = model kaleido decoder=conv channels=8 depth=4
            train k d epochs=1 batch=50
            print m.parameters v.parameters k.parameters
            """)
        XCTAssertEqual(ok.status, 0, ok.text)
        // gne: table 100x2, Dense(2 -> 8x2x2) 2*32+32, ConvT(8->4) 8*64+4, ConvT(4->1) 4*16+1
        XCTAssertTrue(ok.text.contains("\(200 + 96 + 516 + 65) "), ok.text)

        let flat = run("""
            d = head (load "samples/digits.csv" label=first scale=16) 100
            train (model gne decoder=conv) d epochs=1
            """)
        XCTAssertNotEqual(flat.status, 0)
        XCTAssertTrue(flat.text.contains("decoder=conv needs images: 'digits/16.0[head 100]' has 64 features and no image shape; "
                                         + "load it with image=[height, width]"), flat.text)
        let odd = run("""
            d = head (load "samples/digits.csv" label=first scale=16 image=[4, 16]) 100
            e = head (load "samples/digits.csv" label=first scale=16 image=[2, 32]) 100
            train (model vae encoder=conv) d epochs=1
            train (model vae encoder=conv) e epochs=1
            """)
        XCTAssertNotEqual(odd.status, 0)
        XCTAssertTrue(odd.text.contains("encoder=conv needs image height and width divisible by 4 (two stride-2 layers): "
                                        + "'digits/16.0[head 100]' has 2x32 images"), odd.text)
    }

    func testHelpModelDocumentsConvOptions() {
        let help = run("help model").text
        for text in ["decoder=residual width=64 blocks=4 channels=32", "encoder=residual", "channels", "encoder",
                     "conv: Dense then two stride-2 transposed convolutions", "kaleido conv: a conv identity map"] {
            XCTAssertTrue(help.contains(text), "help model shows \(text):\n\(help)")
        }
    }
}
