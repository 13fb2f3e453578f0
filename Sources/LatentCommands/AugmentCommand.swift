import LatentData
import LatentModels

extension CommandRegistry {
    /// `augment`: shifted and rotated copies of every image of a dataset (issue 18 item 7).
    func registerAugmentCommand() {
        register(Command("augment", group: "Data", dataParallel: .shardedAugment,
                         summary: "Shifted and rotated copies of every image of a dataset (seeded).",
                         details: """
                         Each of copies= copies of every image is moved by whole pixels (dx and dy drawn from -shift..shift)
                         and turned about the image centre by an angle drawn from [-rotate, rotate] degrees, resampled
                         bilinearly (pixels from outside the image are 0). The result holds copy 1 of every row, then copy 2,
                         and so on, with the labels repeated; originals=true puts the untouched rows first. Byte images stay
                         one byte per value. The draws come from the session's seed (set seed) and do not depend on the
                         thread count. MNIST train with copies=21 gives 1,260,000 images (about 1 GB).
                         """,
                         positionals: [Parameter("data", .object("Dataset"), "image data (with an image shape)")],
                         options: [Parameter("copies", .int, default: 1, "transformed copies of every image"),
                                   Parameter("shift", .int, default: 2, "largest shift in pixels, per axis"),
                                   Parameter("rotate", .number, default: 10, "largest rotation in degrees"),
                                   Parameter("originals", .bool, default: false, "put the untouched images first")]) { args, session in
            let data = try args.object("data", as: DatasetObject.self).dataset
            let options = AugmentOptions(copies: try args.int("copies"), shift: try args.int("shift"),
                                         rotate: try args.number("rotate"), originals: try args.bool("originals"))
            let seed = session.rng.next()
            return .object(DatasetObject(try data.augmented(options, seed: seed)))
        })
    }
}
